// The filing and tracking pages as plain HTML forms, for browsers without JavaScript (issue 14):
// the same fields as the islands, posting to the server (api/routes/portal-forms.ts), which
// validates with the contract's zod schemas and answers with this HTML: the form again with each
// message beside its field, the review step, the receipt, the case page. Every value is escaped.
import { PURPOSE_HINTS, PURPOSE_LABELS, PURPOSES, RATING_LABELS, RATING_SCORES } from '../contract/enums.ts';
import { esc } from '../content/markdown.ts';
import type { CategoryNode } from '../services/categories.ts';
import { attachText, common, fileText as t } from '../../site/src/i18n/zh.ts';
import { trackText as tt } from '../../site/src/i18n/track.ts';
import { receiptText } from '../../site/src/i18n/receipt.ts';

export type FormValues = {
  purpose: string;
  categoryCode: string;
  title: string;
  content: string;
  desiredOutcome: string;
  place: string;
  anonymous: boolean;
  name: string;
  phone: string;
  idNumber: string;
  address: string;
  email: string;
  notify: boolean;
  /** One cosigner a line: 姓名 [电话]. */
  cosigners: string;
  files: { id: string; name: string }[];
};

export const EMPTY_FORM: FormValues = {
  purpose: '', categoryCode: '', title: '', content: '', desiredOutcome: '', place: '', anonymous: false,
  name: '', phone: '', idNumber: '', address: '', email: '', notify: true, cosigners: '', files: [],
};

type Errors = Record<string, string>;

const fid = (k: string) => 'f-' + k.replace(/\./g, '-');
function errorOf(errors: Errors, k: string) {
  return errors[k] ? `<span class="field-error" id="${fid(k)}-error">${esc(errors[k])}</span>` : '';
}
function aria(errors: Errors, k: string, hint: boolean) {
  const ids = [hint ? `${fid(k)}-hint` : '', errors[k] ? `${fid(k)}-error` : ''].filter(Boolean).join(' ');
  return (ids ? ` aria-describedby="${ids}"` : '') + (errors[k] ? ' aria-invalid="true"' : '');
}
function field(errors: Errors, k: string, label: string, control: string, opts: { hint?: string; required?: boolean } = {}) {
  return (
    `<div class="field"><label for="${fid(k)}">${esc(label)}${opts.required ? '<span class="req" aria-hidden="true"> *</span>' : ''}</label>` +
    (opts.hint ? `<span class="hint" id="${fid(k)}-hint">${esc(opts.hint)}</span>` : '') +
    control +
    errorOf(errors, k) +
    '</div>'
  );
}
const input = (errors: Errors, k: string, name: string, value: string, extra = '', hint = false) =>
  `<input type="text" id="${fid(k)}" name="${name}" value="${esc(value)}"${extra}${aria(errors, k, hint)}>`;
const area = (errors: Errors, k: string, name: string, value: string, extra = '', hint = false) =>
  `<textarea id="${fid(k)}" name="${name}"${extra}${aria(errors, k, hint)}>${esc(value)}</textarea>`;
const opt = (label: string) => `${label}（${common.optional}）`;

/** The whole filing form, filled with `v`, with `errors` beside their fields. */
export function fileFormHtml(categories: CategoryNode[], v: FormValues = EMPTY_FORM, errors: Errors = {}, general = ''): string {
  const n = Object.keys(errors).length;
  const summary = general || n
    ? `<div class="alert" role="alert"><p><strong>${esc(general || t.errorSummary(n))}</strong></p>${
        n ? `<ul>${Object.entries(errors).map(([k, m]) => `<li><a href="#${fid(k)}">${esc(m)}</a></li>`).join('')}</ul>` : ''
      }</div>`
    : '';
  const purposes = PURPOSES.map(
    (p, i) =>
      `<label class="choice"><input type="radio" name="purpose" value="${p}"${i === 0 ? ` id="${fid('purpose')}"` : ''}${v.purpose === p ? ' checked' : ''}>` +
      `<span><strong>${PURPOSE_LABELS[p]}</strong><span class="hint">${PURPOSE_HINTS[p]}</span></span></label>`,
  ).join('');
  const options = categories
    .map((c) =>
      c.children.length
        ? `<optgroup label="${esc(c.name)}">${c.children.map((s) => `<option value="${esc(s.code)}"${v.categoryCode === s.code ? ' selected' : ''}>${esc(s.name)}</option>`).join('')}` +
          `<option value="${esc(c.code)}"${v.categoryCode === c.code ? ' selected' : ''}>${esc(t.categoryOther(c.name))}</option></optgroup>`
        : `<option value="${esc(c.code)}"${v.categoryCode === c.code ? ' selected' : ''}>${esc(c.name)}</option>`,
    )
    .join('');
  const files = v.files.length
    ? `<ul class="files">${v.files.map((f) => `<li><span class="file-name">${esc(f.name)}</span><span class="file-meta">${attachText.done}</span><input type="hidden" name="attachmentIds" value="${esc(f.id)}"><input type="hidden" name="attachmentNames" value="${esc(f.name)}"></li>`).join('')}</ul>`
    : '';
  return (
    summary +
    '<form class="nojs-form" method="post" action="/file" enctype="multipart/form-data" novalidate>' +
    `<fieldset${errors.purpose ? ` aria-describedby="${fid('purpose')}-error"` : ''}><legend>${t.purposeLegend}<span class="req" aria-hidden="true"> *</span></legend><div class="choices">${purposes}</div>${errorOf(errors, 'purpose')}</fieldset>` +
    `<fieldset><legend>${t.categoryLegend}<span class="req" aria-hidden="true"> *</span></legend>` +
    field(errors, 'categoryCode', t.categoryChoose + t.categoryLegend.replace(/？$/, ''), `<select id="${fid('categoryCode')}" name="categoryCode"${aria(errors, 'categoryCode', false)}><option value="">${t.categoryChoose}</option>${options}</select>`, { required: true }) +
    '</fieldset>' +
    `<fieldset><legend>${t.contentLegend}</legend>` +
    field(errors, 'title', t.title_, area(errors, 'title', 'title', v.title, ' rows="2" class="title-input" maxlength="100"', true), { hint: t.titleHint, required: true }) +
    field(errors, 'content', t.content, area(errors, 'content', 'content', v.content, ' class="tall"', true), { hint: t.contentHint, required: true }) +
    field(errors, 'desiredOutcome', opt(t.desiredOutcome), area(errors, 'desiredOutcome', 'desiredOutcome', v.desiredOutcome, '', true), { hint: t.desiredOutcomeHint }) +
    field(errors, 'place', opt(t.place), input(errors, 'place', 'place', v.place, ' maxlength="200"', true), { hint: t.placeHint }) +
    '</fieldset>' +
    `<fieldset><legend>${t.identityLegend}</legend><div class="choices">` +
    `<label class="choice"><input type="radio" name="identity" value="named"${v.anonymous ? '' : ' checked'}><span><strong>${t.named}</strong><span class="hint">${t.namedHint}</span></span></label>` +
    `<label class="choice"><input type="radio" name="identity" value="anonymous" id="${fid('anonymous')}"${v.anonymous ? ' checked' : ''}><span><strong>${t.anonymous}</strong><span class="hint">${t.anonymousHint}</span></span></label></div>` +
    errorOf(errors, 'anonymous') +
    '<p class="hint gap-top">署名反映的，请填写下面各项；匿名反映的，下面各项不用填写。</p>' +
    field(errors, 'petitioner.name', t.name, input(errors, 'petitioner.name', 'name', v.name, ' autocomplete="name" maxlength="50"')) +
    field(errors, 'petitioner.phone', t.phone, `<input type="tel" id="${fid('petitioner.phone')}" name="phone" value="${esc(v.phone)}" autocomplete="tel" maxlength="20"${aria(errors, 'petitioner.phone', true)}>`, { hint: t.phoneHint }) +
    field(errors, 'petitioner.idNumber', opt(t.idNumber), input(errors, 'petitioner.idNumber', 'idNumber', v.idNumber, ' autocomplete="off" maxlength="18"', true), { hint: t.idNumberHint }) +
    field(errors, 'petitioner.address', opt(t.address), input(errors, 'petitioner.address', 'address', v.address, ' maxlength="200"', true), { hint: t.addressHint }) +
    field(errors, 'petitioner.email', opt(t.email), `<input type="email" id="${fid('petitioner.email')}" name="email" value="${esc(v.email)}" maxlength="200"${aria(errors, 'petitioner.email', true)}>`, { hint: t.emailHint }) +
    `<label class="choice"><input type="checkbox" name="notify" value="1" id="f-notify"${v.notify ? ' checked' : ''}><span><strong>${t.notifyLabel}</strong><span class="hint">${t.notifyHint}</span></span></label>` +
    field(errors, 'cosigners', opt(t.cosignersLegend), area(errors, 'cosigners', 'cosigners', v.cosigners, ' rows="3"', true), { hint: '联名信请每行写一位联名人：姓名，电话（电话可不填）。' }) +
    `<p class="hint gap-top">${t.privacy[0]}</p></fieldset>` +
    `<fieldset><legend>${attachText.legend}</legend>` +
    field(errors, 'attachmentIds', attachText.choose, `${files}<input type="file" id="${fid('attachmentIds')}" name="files" multiple accept="image/jpeg,image/png,image/gif,image/webp,application/pdf"${aria(errors, 'attachmentIds', true)}>`, { hint: attachText.hint }) +
    '</fieldset>' +
    `<div class="actions"><button type="submit" class="button" name="step" value="review">${t.toReview}</button></div></form>`
  );
}

/** All values as hidden fields, so the review step can send them back (edit or submit). */
function hidden(v: FormValues): string {
  const h = (name: string, value: string) => `<input type="hidden" name="${name}" value="${esc(value)}">`;
  return (
    h('purpose', v.purpose) + h('categoryCode', v.categoryCode) + h('title', v.title) + h('content', v.content) + h('desiredOutcome', v.desiredOutcome) +
    h('place', v.place) + h('identity', v.anonymous ? 'anonymous' : 'named') + h('name', v.name) + h('phone', v.phone) + h('idNumber', v.idNumber) +
    h('address', v.address) + h('email', v.email) + (v.notify ? h('notify', '1') : '') + h('cosigners', v.cosigners) +
    v.files.map((f) => h('attachmentIds', f.id) + h('attachmentNames', f.name)).join('')
  );
}

export function reviewHtml(v: FormValues, categoryName: string, key: string): string {
  const row = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${esc(value || t.none)}</dd>`;
  const who = v.anonymous ? t.anonymousShort : [v.name, v.phone, v.idNumber, v.address, v.email].filter(Boolean).join('，');
  return (
    `<h2>${t.reviewTitle}</h2><p>${t.reviewLead}</p><dl class="pairs card">` +
    row(t.purposeLegend, PURPOSE_LABELS[v.purpose as keyof typeof PURPOSE_LABELS] ?? v.purpose) +
    row(t.categoryLegend, categoryName) + row(t.title_, v.title) + row(t.content, v.content) + row(t.desiredOutcome, v.desiredOutcome) +
    row(t.place, v.place) + row(t.identityLegend, who) + (v.cosigners.trim() ? row(t.cosignersLegend, v.cosigners.trim().split(/\r?\n/).join('、')) : '') +
    row(attachText.reviewLabel, v.files.map((f) => f.name).join('、')) +
    `</dl><section class="note"><h3>${t.privacyTitle}</h3><ul>${t.privacy.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></section>` +
    `<form method="post" action="/file" enctype="multipart/form-data">${hidden(v)}<input type="hidden" name="key" value="${esc(key)}">` +
    `<div class="actions"><button type="submit" class="button" name="step" value="submit">${t.submit}</button>` +
    `<button type="submit" class="button secondary" name="step" value="edit">${t.back}</button></div></form>`
  );
}

export type ReceiptView = { caseNo: string; queryCode: string; registeredAt: string; acceptDue: string; earlier?: boolean };

export function receiptHtml(r: ReceiptView, registeredAtLabel: string): string {
  return (
    `<h2 tabindex="-1">${r.earlier ? t.earlierTitle : t.receiptTitle}</h2><p>${r.earlier ? receiptText.earlierLead : t.receiptLead}</p>` +
    `<div class="receipt"><p class="receipt-item"><span class="receipt-label">${t.caseNo}</span><span class="receipt-value case-no">${esc(r.caseNo)}</span></p>` +
    `<p class="receipt-item"><span class="receipt-label">${t.queryCode}</span><span class="receipt-value code">${esc(r.queryCode)}</span></p>` +
    `<p class="receipt-item">${t.registeredAt}：${esc(registeredAtLabel)}</p><p><strong>${esc(t.acceptDue(r.acceptDue))}</strong></p></div>` +
    `<div class="warning" role="note"><p><strong>${t.keepWarning}</strong></p></div>` +
    '<p>请马上抄写查询码，或用浏览器菜单里的“打印”保存这一页。没有开启 JavaScript 时，查询码不能保存在本机。</p>' +
    `<p><a class="button secondary" href="/track">${t.trackLink}</a> <a class="button link" href="/file">${t.newLetter}</a></p>`
  );
}

export function trackFormHtml(code = '', error = ''): string {
  return (
    (error ? `<div class="alert" role="alert"><p><strong>${esc(error)}</strong></p></div>` : '') +
    `<p class="lead">${tt.lead}</p><form class="card" method="post" action="/track" novalidate>` +
    field(error ? { queryCode: error } : {}, 'queryCode', tt.codeLabel, input(error ? { queryCode: error } : {}, 'queryCode', 'queryCode', code, ' class="code-input" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40"', true), { hint: tt.codeHint, required: true }) +
    `<button type="submit" class="button">${tt.submit}</button></form>`
  );
}

export type TrackView = {
  caseNo: string;
  statusLabel: string;
  dueLabel?: string;
  due?: string;
  reply?: { label: string; at: string; text: string };
  events: { at: string; label: string; text?: string }[];
  canRate: boolean;
  canRequestReview: boolean;
  closed: boolean;
  closedWhy: string[];
};

/** The case page; each form carries the code as a hidden field (never in the address). */
export function trackResultHtml(v: TrackView, code: string, notice = '', errors: Errors = {}, general = ''): string {
  const hiddenCode = `<input type="hidden" name="queryCode" value="${esc(code)}">`;
  const alert = general ? `<div class="alert" role="alert"><p><strong>${esc(general)}</strong></p></div>` : '';
  const events = v.events.length
    ? `<ol class="timeline">${v.events.map((e) => `<li><time>${esc(e.at)}</time><span class="event-label">${esc(e.label)}</span>${e.text ? `<p>${esc(e.text)}</p>` : ''}</li>`).join('')}</ol>`
    : `<p>${tt.noEvents}</p>`;
  const rating = v.canRate
    ? `<form id="rating" class="card" method="post" action="/track/rating" novalidate>${hiddenCode}<h3>${tt.ratingTitle}</h3><p class="hint">${tt.ratingHint}</p>` +
      `<fieldset><legend>${tt.ratingLegend}</legend><div class="choices">${RATING_SCORES.map((s) => `<label class="choice"><input type="radio" name="score" value="${s}"><span><strong>${RATING_LABELS[s]}</strong></span></label>`).join('')}</div>${errorOf(errors, 'score')}</fieldset>` +
      field(errors, 'comment', opt(tt.ratingComment), area(errors, 'comment', 'comment', '')) +
      `<button type="submit" class="button">${tt.ratingSubmit}</button></form>`
    : '';
  const review = v.canRequestReview
    ? `<form id="review" class="card" method="post" action="/track/review" novalidate>${hiddenCode}<h3>${tt.reviewTitle}</h3><p class="note">${tt.reviewHint}</p>` +
      field(errors, 'reason', tt.reviewReason, area(errors, 'reason', 'reason', '', ' class="tall"', true), { hint: tt.reviewReasonHint, required: true }) +
      `<button type="submit" class="button">${tt.reviewSubmit}</button></form>`
    : '';
  const supplement = !v.closed
    ? `<form id="supplement" class="card" method="post" action="/track/supplement" enctype="multipart/form-data" novalidate>${hiddenCode}<h3>${tt.supplementTitle}</h3><p class="hint">${tt.supplementHint}</p>` +
      field(errors, 'text', tt.supplementText, area(errors, 'text', 'text', ''), { required: true }) +
      field(errors, 'attachmentIds', opt(attachText.choose), `<input type="file" id="${fid('attachmentIds')}" name="files" multiple accept="image/jpeg,image/png,image/gif,image/webp,application/pdf">`, { hint: attachText.hint }) +
      `<button type="submit" class="button">${tt.supplementSubmit}</button></form>`
    : '';
  const why = v.closedWhy.length
    ? `<section class="note closed-why"><h3>${tt.closedWhyHeading(v.closed, v.closedWhy.length > (v.closed ? 1 : 0))}</h3>${v.closedWhy.map((l) => `<p>${esc(l)}</p>`).join('')}<p>${tt.closedCanStill}</p><p><a href="/file">${tt.newLetter}</a> · <a href="/guidance">${tt.guidanceLink2}</a></p></section>`
    : '';
  return (
    `<section aria-labelledby="result-title"><h2 id="result-title">${tt.resultTitle}</h2>` +
    (notice ? `<p class="success" role="status">${esc(notice)}</p>` : '') +
    alert +
    `<dl class="pairs card"><dt>${tt.caseNo}</dt><dd class="case-no">${esc(v.caseNo)}</dd><dt>${tt.status}</dt><dd><p class="status-word">${esc(v.statusLabel)}</p></dd>` +
    (v.due ? `<dt>${esc(v.dueLabel ?? tt.dueAt)}</dt><dd>${esc(v.due)}</dd>` : '') +
    '</dl>' +
    (v.reply ? `<section class="card"><h3>${esc(v.reply.label)}</h3><p class="hint">${tt.repliedAt}：${esc(v.reply.at)}</p><div class="reply-text">${esc(v.reply.text)}</div></section>` : '') +
    `<h3>${tt.timeline}</h3>${events}</section>` +
    rating + review + supplement + why +
    `<p><a class="button secondary" href="/track">${tt.leave}</a></p><p class="hint">${tt.leaveHint}</p>`
  );
}
