// Finds a case by its query code for the citizen's own steps. Any code that is malformed or
// unknown gives the same 404, so the answer tells nothing about which codes exist.
import type { Transaction } from 'kysely';
import type { Deps } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { normaliseQueryCode } from '../security/query-code.ts';

export const UNKNOWN_CODE = () => new AppError(404, 'not_found', '没有找到与该查询码对应的信访件，请核对后重新输入');

export async function petitionByCode(deps: Deps, db: Transaction<DB> | Deps['db'], queryCode: string, lock = false) {
  const code = normaliseQueryCode(queryCode);
  if (!code) throw UNKNOWN_CODE();
  let q = db
    .selectFrom('petitions')
    .select(['id', 'case_no', 'status', 'review_level', 'rating', 'replied_at', 'rated_at', 'closed_at', 'purpose'])
    .where('query_code_hash', 'in', deps.keys.queryCodeHashes(code));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw UNKNOWN_CODE();
  return row;
}
