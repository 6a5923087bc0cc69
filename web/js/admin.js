// The administrator's page.  An organisation's administrator manages
// their own organisation: its second-factor setting, its accounts and
// their API tokens (admin-users.js).  A national administrator also sees
// every organisation, adds one, and manages any of them: the address
// names the organisation (admin.html?org=ID), so a view can be bookmarked.
// The server decides who may do what; this page offers only that.
import { ApiError, api, getAll, q } from './api.js';
import { byId, clear, el, facts, fill, param } from './dom.js';
import { field, onSubmit, requireFilled, showErrors, showProblem, submitButton, value } from './forms.js';
import { announce, boot, isNotFound, notFound, pageError } from './page.js';
import { badge } from './views.js';
import { isAdministrator } from './roles.js';
import { notForRole } from './oversight-view.js';
import { renderUsers, setupUsers } from './admin-users.js';

let session;
let catalogue; // GET /roles: {items: roles, organisationTypes}
let org; // the organisation shown

function national() {
  return session.user.role === 'national-administrator';
}

function typeName(code) {
  const t = catalogue.organisationTypes.find((o) => o.code === code);
  return t ? el('span', { bi: { nl: t.nl, en: t.en } }) : el('span', { text: code });
}

function mfaBadge(o) {
  return o.requireMfa ? badge('success', 'admin.org.mfaOn') : badge('neutral', 'admin.org.mfaOff');
}

// ---- every organisation (national administrators) ---------------------------

// Shown at once, of those the filter keeps: a national deployment has
// well over a thousand organisations.
const ORGS_SHOWN = 50;
let orgs = [];

function orgCard(o) {
  const titleId = `org-${o.id}-title`;
  const current = org && o.id === org.id;
  return el('li', { class: 'app-card', 'data-org': o.name },
    el('h3', { class: 'app-card__title', id: titleId },
      // A name is a name in either language (translate="no").
      current ? el('span', { text: o.name, translate: 'no' })
        : el('a', { href: `/admin.html?org=${q(o.id)}`, text: o.name, translate: 'no' })),
    el('p', { class: 'app-card__meta' }, typeName(o.type), o.requireMfa ? mfaBadge(o) : null,
      current ? badge('info', 'admin.orgs.current') : null));
}

function renderOrgList() {
  const filter = byId('org-filter').value.trim().toLowerCase();
  const kept = orgs.filter((o) => !filter || o.name.toLowerCase().includes(filter));
  const shown = kept.slice(0, ORGS_SHOWN);
  fill(byId('orgs-count'), el('span', { i18n: 'admin.orgs.count', args: { shown: shown.length, total: orgs.length } }));
  fill(byId('orgs'), shown.map(orgCard));
}

async function renderOrgs() {
  orgs = await getAll('/organisations', 50);
  renderOrgList();
}

function buildOrgForm() {
  const form = byId('org-form');
  form.append(
    field({ name: 'name', label: 'admin.orgs.name', required: true, attrs: { maxlength: '200', autocomplete: 'organization' } }),
    field({
      name: 'type', label: 'admin.orgs.type', type: 'select', required: true,
      options: [{ value: '', label: 'form.choose' }, ...catalogue.organisationTypes.map((t) => ({ value: t.code, bi: { nl: t.nl, en: t.en } }))],
    }),
    el('div', { class: 'app-choice app-choice--checkbox' },
      el('input', { type: 'checkbox', id: 'org-mfa', name: 'requireMfa' }),
      el('label', { for: 'org-mfa', i18n: 'admin.org.requireMfa' })),
    submitButton('admin.orgs.add'));
  onSubmit(form, async (f) => {
    let created;
    try {
      created = await api.post('/organisations', {
        name: value(f, 'name'), type: value(f, 'type'), requireMfa: f.elements.namedItem('requireMfa').checked,
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        showErrors(f, [{ name: 'name', key: 'admin.orgs.nameTaken' }]);
        return;
      }
      throw err;
    }
    f.reset();
    await renderOrgs();
    announce('admin.orgs.added', { name: created.name });
  }, (f) => requireFilled(f, ['name', 'type']));
}

// ---- the organisation shown: its second-factor setting -------------------------

function renderOrg() {
  fill(byId('org-heading'), el('span', { i18n: 'admin.org.heading', args: { name: org.name } }));
  fill(byId('org-facts'), facts([
    ['admin.org.type', typeName(org.type)],
    ['admin.org.mfa', mfaBadge(org)],
    ['admin.org.created', el('time', { time: org.createdAt })],
  ]));
  const form = clear(byId('mfa-form'));
  const own = org.id === session.organisation.id;
  form.append(
    el('fieldset', { class: 'app-choices' },
      el('legend', { i18n: 'admin.org.mfaLegend' }),
      el('div', { class: 'utrecht-form-field-description', id: 'mfa-hint', i18n: own ? 'admin.org.mfaHintOwn' : 'admin.org.mfaHint' }),
      el('div', { class: 'app-choice app-choice--checkbox' },
        el('input', { type: 'checkbox', id: 'mfa-required', name: 'requireMfa', checked: org.requireMfa, 'aria-describedby': 'mfa-hint' }),
        el('label', { for: 'mfa-required', i18n: 'admin.org.requireMfa' }))),
    submitButton('admin.org.save'));
  byId('org-section').hidden = false;
}

function setupMfaForm() {
  onSubmit(byId('mfa-form'), async (f) => {
    const on = f.elements.namedItem('requireMfa').checked;
    const tightened = on && !org.requireMfa;
    org = await api.patch(`/organisations/${q(org.id)}`, { requireMfa: on });
    // Tightening ends every open session of the organisation: one's own too.
    if (tightened && org.id === session.organisation.id) {
      window.location.assign(`/login.html?next=${encodeURIComponent('/admin.html')}`);
      return;
    }
    renderOrg();
    if (national()) await renderOrgs();
    announce(on ? 'admin.org.mfaSavedOn' : 'admin.org.mfaSavedOff', { name: org.name });
  });
}

async function main() {
  session = await boot();
  if (!isAdministrator(session)) {
    notForRole();
    return;
  }
  fill(byId('admin-intro'), el('span', { i18n: national() ? 'admin.introNational' : 'admin.intro' }));
  try {
    catalogue = await api.get('/roles');
    org = await api.get(`/organisations/${q(param('org') || session.organisation.id)}`);
  } catch (err) {
    if (isNotFound(err)) notFound(err);
    else pageError(err);
    return;
  }
  if (national()) {
    byId('orgs-section').hidden = false;
    byId('org-filter').addEventListener('input', renderOrgList);
    buildOrgForm();
    try {
      await renderOrgs();
    } catch (err) {
      pageError(err);
    }
  }
  renderOrg();
  setupMfaForm();
  setupUsers({ session, catalogue, org });
  try {
    await renderUsers();
  } catch (err) {
    showProblem(byId('user-form'), err);
  }
}

main();
