// Serves a case file to staff only when they may read its case (the case scope) and the file
// itself (identity rules: an agency officer never gets an accusation's petitioner files). Any
// refusal is the same 404 as a missing file.
import type { Deps, StaffSession } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { visibleAttachments } from './case-detail.ts';
import { scopedPetitions } from './case-scope.ts';

/** A file's bytes: sealed files (every upload since migrations/080) opened with either suite;
 *  older plain ones as they are, until crypto:migrate seals them. */
export function openAttachment(deps: Pick<Deps, 'keys'>, file: { data: Buffer; sealed: boolean }): Buffer {
  return file.sealed ? deps.keys.openBytes(file.data) : file.data;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function readAttachment(deps: Deps, staff: StaffSession, id: string) {
  const missing = () => notFound('附件不存在');
  if (!UUID_RE.test(id)) throw missing();
  const owner = await deps.db.selectFrom('attachments').select('petition_id').where('id', '=', id).executeTakeFirst();
  if (!owner?.petition_id) throw missing();
  const petition = await scopedPetitions(deps.db, staff).select(['p.id', 'p.purpose']).where('p.id', '=', owner.petition_id).executeTakeFirst();
  if (!petition) throw missing();
  const file = await visibleAttachments(deps.db, staff, petition).select(['f.name', 'f.type', 'f.data', 'f.sealed']).where('f.id', '=', id).executeTakeFirst();
  if (!file) throw missing();
  return { name: file.name, type: file.type, data: openAttachment(deps, file) };
}
