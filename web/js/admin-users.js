// The accounts of one organisation on the administrator's page: the list
// with what each account's state is, disabling and enabling, a password
// reset as a one-time code shown once, a reset of the second factor (one
// administrator never both: the API refuses, and the page says to ask
// another), the API tokens of an account and their revocation, and adding
// an account with a role that fits the organisation.  An administrator
// never chooses or sees a password that works: a new account gets a
// random password nobody sees, replaced at once by a one-time code with
// which its user chooses their own.
import { ApiError, api, getAll, q } from './api.js';
import { byId, clear, el, fill } from './dom.js';
import { field, onSubmit, requireFilled, showErrors, submitButton, value } from './forms.js';
import { announce, pageError } from './page.js';
import { badge } from './views.js';
import { actionButton, isInvalid, messageBox, pageRefusal } from './oversight-view.js';

let session;
let catalogue;
let org;
let users = [];

const LOGIN = /^[a-z0-9._-]{3,64}$/;

// The roles an account of this organisation can have, as the API accepts
// them; the national roles for a national administrator only.
function rolesHere() {
  return catalogue.items.filter((r) => r.organisationTypes.includes(org.type)
    && (!r.national || session.user.role === 'national-administrator'));
}

// Roles that never need a second factor are the ones that may hold API
// tokens (the route table's TOKEN_HOLDERS).
function holdsTokens(user) {
  const r = catalogue.items.find((i) => i.code === user.role);
  return r && !r.secondFactor;
}

// ---- the one-time code -------------------------------------------------------

function showResetCode(user, answer) {
  const box = fill(byId('reset-result'), messageBox('warning',
    el('p', { class: 'app-alert-title', i18n: 'admin.reset.title', args: { login: user.login } }),
    el('code', { class: 'app-secret', id: 'reset-code', text: answer.resetCode }),
    el('p', {}, el('span', { i18n: 'admin.reset.until' }), ' ', el('time', { time: answer.resetExpiresAt })),
    el('p', { i18n: 'admin.reset.explain', args: { login: user.login } }),
    el('p', {}, actionButton('admin.reset.hide', { work: async () => { clear(byId('reset-result')); } }))));
  box.focus();
}

// ---- one account -------------------------------------------------------------

// Changes an account and shows the list again, with the focus back on the
// account's card (the button that was pressed is gone).
async function patchUser(user, body) {
  const answer = await api.patch(`/users/${q(user.id)}`, body);
  const { resetCode, resetExpiresAt, ...state } = answer;
  users = users.map((u) => (u.id === state.id ? state : u));
  renderList();
  const title = byId(`user-${user.id}-title`);
  if (title) title.focus();
  return answer;
}

// The API's refusal of a second reset by the same administrator, in words.
function fourEyes(err) {
  if (isInvalid(err, 'resetTotp') || isInvalid(err, 'resetPassword')) {
    pageRefusal('admin.users.fourEyes');
    return;
  }
  pageError(err);
}

function tokenItem(user, t, titleId) {
  const state = t.active ? badge('success', 'admin.tokens.active')
    : t.revokedAt ? badge('neutral', 'admin.tokens.revoked') : badge('neutral', 'admin.tokens.expired');
  const id = `token-${t.id}`;
  return el('li', { class: 'app-card', 'data-token': t.label },
    el('p', { class: 'app-card__title', id, text: t.label }),
    el('p', { class: 'app-card__meta' }, state,
      el('span', {}, el('span', { i18n: 'admin.tokens.created' }), ' ', el('time', { time: t.createdAt })),
      el('span', {}, el('span', { i18n: 'admin.tokens.expires' }), ' ', el('time', { time: t.expiresAt }))),
    t.active ? el('p', { class: 'app-card__actions' }, actionButton('admin.tokens.revoke', {
      describedBy: `${id} ${titleId}`,
      work: async () => {
        await api.del(`/tokens/${q(t.id)}`);
        await showTokens(user, titleId);
        announce('admin.tokens.revokedDone', { label: t.label, login: user.login });
      },
    })) : null);
}

async function showTokens(user, titleId) {
  const box = byId(`tokens-${user.id}`);
  const answer = await api.get(`/users/${q(user.id)}/tokens`);
  fill(box,
    el('h4', { i18n: 'admin.tokens.heading', args: { login: user.login } }),
    answer.items.length
      ? el('ul', { class: 'app-cards' }, answer.items.map((t) => tokenItem(user, t, titleId)))
      : el('p', { i18n: 'admin.tokens.none' }));
  box.hidden = false;
}

function userActions(user, titleId) {
  const self = user.id === session.user.id;
  const buttons = [];
  if (!self) {
    buttons.push(actionButton(user.disabled ? 'admin.users.enable' : 'admin.users.disable', {
      describedBy: titleId,
      work: async () => {
        await patchUser(user, { disabled: !user.disabled });
        announce(user.disabled ? 'admin.users.enabled' : 'admin.users.disabled', { login: user.login });
      },
    }));
    buttons.push(actionButton('admin.users.resetPassword', {
      describedBy: titleId,
      onError: fourEyes,
      work: async () => showResetCode(user, await patchUser(user, { resetPassword: true })),
    }));
    if (user.totpEnabled) {
      buttons.push(actionButton('admin.users.resetTotp', {
        describedBy: titleId,
        onError: fourEyes,
        work: async () => {
          await patchUser(user, { resetTotp: true });
          announce('admin.users.totpReset', { login: user.login });
        },
      }));
    }
  }
  if (holdsTokens(user)) {
    buttons.push(actionButton('admin.users.tokens', {
      describedBy: titleId, kind: 'subtle', work: async () => showTokens(user, titleId),
    }));
  }
  return buttons.length ? el('p', { class: 'app-card__actions' }, buttons) : null;
}

function userCard(user) {
  const titleId = `user-${user.id}-title`;
  return el('li', { class: 'app-card', 'data-user': user.login },
    el('h3', { class: 'app-card__title', id: titleId, tabindex: '-1', text: user.login }),
    el('p', { class: 'app-card__meta' },
      el('span', { i18n: `role.${user.role}` }),
      user.disabled ? badge('danger', 'admin.users.isDisabled') : badge('success', 'admin.users.isActive'),
      user.totpEnabled ? badge('info', 'admin.users.hasTotp') : badge('neutral', 'admin.users.noTotp'),
      user.resetPending ? badge('warning', 'admin.users.resetPending') : null,
      user.id === session.user.id ? badge('info', 'admin.users.you') : null),
    userActions(user, titleId),
    el('div', { id: `tokens-${user.id}`, class: 'app-tokens', hidden: true }));
}

function renderList() {
  const filter = byId('user-filter').value.trim().toLowerCase();
  const shown = users.filter((u) => !filter || u.login.includes(filter));
  fill(byId('users-count'), el('span', { i18n: 'admin.users.count', args: { shown: shown.length, total: users.length } }));
  fill(byId('users'), shown.map(userCard));
}

export async function renderUsers() {
  users = await getAll(`/users?organisation=${q(org.id)}`);
  renderList();
}

// ---- adding an account ---------------------------------------------------------

// A password nobody sees: replaced by a one-time code right after.
function unseenPassword() {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, 'x');
}

function buildUserForm() {
  const form = byId('user-form');
  form.append(
    field({
      name: 'login', label: 'admin.newUser.login', hint: 'admin.newUser.loginHint', required: true,
      attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: '64' },
    }),
    field({
      name: 'role', label: 'admin.newUser.role', hint: 'admin.newUser.roleHint', type: 'select', required: true,
      options: [{ value: '', label: 'form.choose' }, ...rolesHere().map((r) => ({ value: r.code, label: `role.${r.code}` }))],
    }),
    submitButton('admin.newUser.submit'));
  onSubmit(form, async (f) => {
    let user;
    try {
      user = await api.post('/users', {
        login: value(f, 'login'), organisation: org.id, role: value(f, 'role'), password: unseenPassword(),
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        showErrors(f, [{ name: 'login', key: 'admin.newUser.loginTaken' }]);
        return;
      }
      if (isInvalid(err, 'login')) {
        showErrors(f, [{ name: 'login', key: 'admin.newUser.loginFormat' }]);
        return;
      }
      throw err;
    }
    f.reset();
    users.push(user);
    showResetCode(user, await patchUser(user, { resetPassword: true }));
    announce('admin.newUser.added', { login: user.login });
  }, (f) => {
    const errors = requireFilled(f, ['login', 'role']);
    if (value(f, 'login') && !LOGIN.test(value(f, 'login'))) errors.push({ name: 'login', key: 'admin.newUser.loginFormat' });
    return errors;
  });
}

export function setupUsers(ctx) {
  ({ session, catalogue, org } = ctx);
  byId('user-filter').addEventListener('input', renderList);
  buildUserForm();
  byId('users-section').hidden = false;
  byId('new-user-section').hidden = false;
}
