/**
 * The body of POST /api/blocs/:blocId/members: the
 * unit to admit into the bloc from its next cycle on.
 */

import { MemberDto } from '../member.dto.js';

export class AdmitMemberDto extends MemberDto {}
