// Subject access (AVG art. 15) for a privacy officer: find the child by the
// id the organisation knows them by, or by BSN; make the copy of
// everything the organisation holds about them (the national office's
// privacy officer: every organisation), with who saw it and when; download
// it as JSON, or view and print it in Dutch or English.  Every copy is
// made by the server and audited there; the BSN travels only in a request
// body, never in an address.
import { api, q } from './api.js';
import { byId, clear, el, fill, show } from './dom.js';
import { announce, boot } from './page.js';
import { field, onSubmit, submitButton, value } from './forms.js';

const BSN = /^[0-9]{9}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let download = null; // the object URL of the last JSON copy

function buildForm(form) {
  form.append(
    field({ name: 'personId', label: 'subject.form.id', hint: 'subject.form.idHint', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    field({ name: 'bsn', label: 'subject.form.bsn', hint: 'subject.form.bsnHint', attrs: { inputmode: 'numeric', autocomplete: 'off', maxlength: '9' } }),
    field({ name: 'reference', label: 'subject.form.reference', hint: 'subject.form.referenceHint', attrs: { maxlength: '100' } }),
    el('p', {}, submitButton('subject.form.submit')));
}

// Our own checks before sending: the id or the BSN, one of the two.
function validate(form) {
  const id = value(form, 'personId');
  const bsn = value(form, 'bsn');
  if (!id && !bsn) return [{ name: 'personId', key: 'subject.form.oneOf' }];
  if (id && bsn) return [{ name: 'bsn', key: 'subject.form.oneOf' }];
  if (id && !UUID.test(id)) return [{ name: 'personId', key: 'subject.form.idFormat' }];
  if (bsn && !BSN.test(bsn)) return [{ name: 'bsn', key: 'subject.form.bsnFormat' }];
  return [];
}

function printable(id, lang, reference) {
  const ref = reference ? `&reference=${q(reference)}` : '';
  return `/api/v1/persons/${q(id)}/subject-access?format=html&lang=${lang}${ref}`;
}

function showCopy(copy, reference) {
  const items = (s) => (s.items || []).length;
  const log = copy.sections.find((s) => s.kind === 'access_log');
  const scope = copy.scope.allOrganisations
    ? el('span', { i18n: 'subject.result.scopeAll' })
    : el('span', { i18n: 'subject.result.scopeOwn', args: { name: copy.scope.organisation.name } });
  fill(byId('subject-summary'),
    el('span', { i18n: 'subject.result.made' }), ' ', el('time', { time: copy.generatedAt }), '. ', scope, ' ',
    el('span', { i18n: 'subject.result.children', args: { count: copy.child.ids.length } }),
    log ? ' ' : null,
    log ? el('span', { i18n: 'subject.result.accesses', args: { count: log.total } }) : null);

  const body = clear(byId('subject-sections').tBodies[0]);
  for (const s of copy.sections) {
    body.append(el('tr', { class: 'utrecht-table__row', 'data-kind': s.kind },
      el('th', { scope: 'row', class: 'utrecht-table__header-cell' }, el('span', { bi: { nl: s.nl, en: s.en } }),
        s.truncated ? el('span', { class: 'app-muted', i18n: 'subject.result.truncated' }) : null),
      el('td', { class: 'utrecht-table__cell utrecht-table__cell--numeric' }, String(s.kind === 'access_log' ? s.total : items(s)))));
  }

  if (download) URL.revokeObjectURL(download);
  download = URL.createObjectURL(new Blob([JSON.stringify(copy, null, 2)], { type: 'application/json' }));
  const day = copy.generatedAt.slice(0, 10);
  const actions = clear(byId('subject-actions'));
  actions.append(el('li', {}, el('a', {
    id: 'subject-json', class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action',
    href: download, download: `inzage-${day}.json`, i18n: 'subject.result.json',
  })));
  for (const id of copy.child.ids) {
    for (const lang of ['nl', 'en']) {
      actions.append(el('li', {}, el('a', {
        class: 'utrecht-link', href: printable(id, lang, reference), target: '_blank', rel: 'noopener',
        'data-print': lang, 'data-person': id,
        i18n: lang === 'nl' ? 'subject.result.printNl' : 'subject.result.printEn',
        args: { id: id.slice(0, 8) },
      })));
    }
  }
  show(byId('subject-result'));
  byId('subject-result-heading').focus();
}

async function main() {
  const session = await boot();
  const intro = byId('subject-intro');
  if (session.user.role !== 'privacy-officer') {
    fill(intro, el('span', { i18n: 'subject.notYours' }));
    document.body.dataset.ready = 'true';
    return;
  }
  fill(intro, session.organisation.type === 'national-office'
    ? el('span', { i18n: 'subject.intro.national' })
    : el('span', { i18n: 'subject.intro.own', args: { name: session.organisation.name } }));
  const form = byId('subject-form');
  buildForm(form);
  show(byId('subject-search'));
  onSubmit(form, async () => {
    const id = value(form, 'personId');
    const reference = value(form, 'reference');
    const body = id ? { personId: id } : { bsn: value(form, 'bsn') };
    if (reference) body.reference = reference;
    const copy = await api.post('/subject-access-exports', body);
    // The BSN is not kept on the page once it has done its work.
    form.elements.namedItem('bsn').value = '';
    showCopy(copy, reference);
    announce('subject.result.ready');
  }, validate);
  document.body.dataset.ready = 'true';
}

main();
