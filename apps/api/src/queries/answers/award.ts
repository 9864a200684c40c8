/** The honours a nomination asks for, for the answers that show one. */
import type { Award } from '@app/domain';
import { enumValues } from '../../http/openapi/enum-values.js';

export const AWARD_VALUES = enumValues<Award>()('emulation-flag', 'certificate-of-merit');
