// What the benchmark sends: filings that pass the public contract (realistic letters from the
// corpus, a valid petitioner, some joint letters and anonymous ones), the reference POST's body,
// and the query codes and case numbers of existing cases: derived from the installation's keys
// for a seeded data set, or taken from cases filed through the API when there is none.
import crypto from 'node:crypto';
import { caseNo, benchQueryCodeShown, type SeedPlan } from './plan.ts';
import type { Keys } from '../../api/security/keys.ts';
import { CATEGORY_MIX, letter, purposeFor, weighted } from './corpus.ts';
import { person } from './paths.ts';
import { stream } from './plan.ts';

export function filingBodies(n: number, salt = crypto.randomInt(1 << 30)): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = stream(salt, i, 11);
    const category = weighted(r, CATEGORY_MIX);
    const purpose = purposeFor(r, category);
    const l = letter(r, category);
    const p = person(salt, 1_000_000_000 + i);
    const anonymous = r() < 0.05;
    const cosigners = !anonymous && r() < 0.05 ? Array.from({ length: 1 + Math.floor(r() * 5) }, (_, k) => ({ name: person(salt, 2_000_000_000 + i * 8 + k).name })) : [];
    out.push(
      JSON.stringify({
        purpose,
        categoryCode: category,
        title: l.title,
        content: l.content,
        desiredOutcome: l.desiredOutcome,
        place: l.place,
        anonymous,
        ...(cosigners.length ? { joint: true, cosigners } : {}),
        ...(anonymous ? {} : { petitioner: { name: p.name, phone: p.phone, ...(p.idNumber ? { idNumber: p.idNumber } : {}), ...(p.address ? { address: p.address } : {}) } }),
      }),
    );
  }
  return out;
}

/** The reference POST takes the same letter, without the parts only our contract has. */
export function referenceBodies(filings: string[]): string[] {
  return filings.map((f) => {
    const v = JSON.parse(f);
    return JSON.stringify({ purpose: v.purpose, categoryCode: v.categoryCode, title: v.title, content: v.content, ...(v.petitioner ? { petitioner: { name: v.petitioner.name, phone: v.petitioner.phone } } : {}) });
  });
}

export type Known = { codes: string[]; caseNos: string[]; source: string };

/** Codes and case numbers of `n` seeded cases spread over the whole data set. */
export function seededCases(keys: Keys, plan: SeedPlan, n: number): Known {
  const codes: string[] = [];
  const caseNos: string[] = [];
  for (let i = 0; i < n; i++) {
    const seq = crypto.randomInt(plan.petitions);
    codes.push(benchQueryCodeShown(keys, plan, seq));
    caseNos.push(caseNo(plan, seq));
  }
  return { codes, caseNos, source: `${n.toLocaleString('en')} random seeded cases of ${plan.petitions.toLocaleString('en')}` };
}

/** Without a seeded data set: file `n` cases through the API and use those. */
export async function filedCases(base: string, n: number): Promise<Known> {
  const bodies = filingBodies(n);
  const codes: string[] = [];
  const caseNos: string[] = [];
  for (const body of bodies) {
    const r = await fetch(base + '/api/public/petitions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (r.status !== 201) throw new Error(`filing for the benchmark answered ${r.status}: ${await r.text()}`);
    const j = (await r.json()) as { caseNo: string; queryCode: string };
    codes.push(j.queryCode);
    caseNos.push(j.caseNo);
  }
  return { codes, caseNos, source: `${n} cases filed through the API (no seeded data set)` };
}

/** Round-robin over a list, for per-request inputs. */
export function cycle<T>(xs: T[]): () => T {
  let i = 0;
  return () => xs[i++ % xs.length];
}
