// The rules a saved guide must satisfy, so a citizen can never reach a dead end: a `start`
// question exists, keys are unique, every answer leads to an existing node, questions have at
// least two answers and outcomes none, every node is reachable from the start, and no walk
// loops back on itself. Pure: the save verb and the console editor both use it.
import { GUIDE_START, type GuideDocument } from '../contract/content.ts';

export type GuideIssue = { path: string; message: string };

export function guideIssues(doc: GuideDocument): GuideIssue[] {
  const issues: GuideIssue[] = [];
  const byKey = new Map<string, number>();
  doc.nodes.forEach((n, i) => {
    if (byKey.has(n.key)) issues.push({ path: `nodes.${i}.key`, message: `编号“${n.key}”重复` });
    else byKey.set(n.key, i);
  });
  const start = byKey.get(GUIDE_START);
  if (start === undefined) issues.push({ path: 'nodes', message: `缺少起始问题（编号 ${GUIDE_START}）` });
  else if (doc.nodes[start].kind !== 'question') issues.push({ path: `nodes.${start}.kind`, message: '起始节点应当是一个问题' });

  doc.nodes.forEach((n, i) => {
    if (n.kind === 'question') {
      if (n.answers.length < 2) issues.push({ path: `nodes.${i}.answers`, message: `问题“${n.title}”至少需要两个选项` });
      if (n.outcome) issues.push({ path: `nodes.${i}.outcome`, message: '问题不能设置结论类型' });
    } else {
      if (!n.outcome) issues.push({ path: `nodes.${i}.outcome`, message: `结论“${n.title}”需要选择结论类型` });
      if (n.answers.length) issues.push({ path: `nodes.${i}.answers`, message: `结论“${n.title}”不能再有选项` });
    }
    n.answers.forEach((a, j) => {
      if (!byKey.has(a.next)) issues.push({ path: `nodes.${i}.answers.${j}.next`, message: `选项“${a.label}”指向不存在的节点“${a.next}”` });
      else if (a.next === n.key) issues.push({ path: `nodes.${i}.answers.${j}.next`, message: `选项“${a.label}”不能指向自己` });
    });
  });
  if (issues.length || start === undefined) return issues;

  // Depth-first from the start: grey nodes are on the current walk, so meeting one is a loop.
  const colour = new Map<string, 'grey' | 'black'>();
  const visit = (key: string, trail: string[]): void => {
    colour.set(key, 'grey');
    for (const a of doc.nodes[byKey.get(key)!].answers) {
      const c = colour.get(a.next);
      if (c === 'grey') issues.push({ path: 'nodes', message: `问题之间形成了循环：${[...trail, key, a.next].join(' → ')}` });
      else if (!c) visit(a.next, [...trail, key]);
    }
    colour.set(key, 'black');
  };
  visit(GUIDE_START, []);
  doc.nodes.forEach((n, i) => {
    if (!colour.has(n.key)) issues.push({ path: `nodes.${i}.key`, message: `节点“${n.title}”从起始问题无法到达` });
  });
  return issues;
}
