import { MemberDto } from '../member.dto.js';

/** The unit to admit into the bloc from its next cycle on. */
export class AdmitMemberDto extends MemberDto {}
