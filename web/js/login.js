// Log-in: password, then the authenticator code when the account has one,
// or the enrolment of an authenticator app when the account must get one.
import { api, ApiError } from './api.js';
import { byId, param } from './dom.js';
import { field, onSubmit, requireFilled, showErrors, submitButton, value } from './forms.js';
import { boot, safeNext } from './page.js';

const next = safeNext(param('next'));
let credentials = null;

function goOn() {
  window.location.assign(next);
}

function showStep(id) {
  for (const step of ['step-password', 'step-otp', 'step-newpass', 'step-enrol']) byId(step).hidden = step !== id;
  const heading = byId(`${id}-heading`);
  if (id !== 'step-password' && heading) heading.focus();
}

// The QR code as an image: the SVG text as a data: URL (the CSP allows
// data: images, and an <img> never runs what is inside).
function svgDataUrl(svg) {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

async function startEnrolment() {
  const enrolment = await api.post('/session/totp');
  byId('enrol-qr').src = svgDataUrl(enrolment.qrSvg);
  byId('enrol-secret').textContent = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
  showStep('step-enrol');
}

// After a reset the password was a one-time code: choose a new one first;
// then, when the role or organisation needs one, enrol an authenticator.
async function afterLogin(session) {
  if (session.passwordChangeRequired) {
    showStep('step-newpass');
    return;
  }
  if (session.mfaPending) {
    await startEnrolment();
    return;
  }
  goOn();
}

function newPasswordErrors(form) {
  const errors = requireFilled(form, ['newPassword', 'repeatPassword']);
  const fresh = form.elements.namedItem('newPassword').value;
  if (!errors.length && fresh.length < 12) errors.push({ name: 'newPassword', key: 'login.newPassShort' });
  if (!errors.length && fresh !== form.elements.namedItem('repeatPassword').value) {
    errors.push({ name: 'repeatPassword', key: 'login.newPassMismatch' });
  }
  return errors;
}

const codeAttrs = {
  autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: '6', pattern: '[0-9]{6}',
  class: 'app-input-short',
};

function codeErrors(form) {
  const errors = requireFilled(form, ['code']);
  if (!errors.length && !/^[0-9]{6}$/.test(value(form, 'code'))) {
    errors.push({ name: 'code', key: 'login.codeFormat' });
  }
  return errors;
}

function buildForms() {
  const login = byId('login-form');
  login.append(
    field({ name: 'login', label: 'login.login', required: true, attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' } }),
    field({ name: 'password', label: 'login.password', type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    submitButton('login.submit'));
  onSubmit(login, async (form) => {
    credentials = { login: value(form, 'login'), password: form.elements.namedItem('password').value };
    try {
      const session = await api.post('/session', credentials);
      await afterLogin(session);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && err.is('otp-required')) {
        showStep('step-otp');
        return;
      }
      if (err instanceof ApiError && err.status === 401) {
        showErrors(form, [{ key: 'login.failed' }], 'login.failedTitle');
        return;
      }
      throw err;
    }
  }, (form) => requireFilled(form, ['login', 'password']));

  const otp = byId('otp-form');
  otp.append(
    field({ name: 'code', label: 'login.code', hint: 'login.codeHint', required: true, attrs: codeAttrs }),
    submitButton('login.submitCode'));
  onSubmit(otp, async (form) => {
    try {
      const session = await api.post('/session', { ...credentials, otp: value(form, 'code') });
      await afterLogin(session);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      showErrors(form, [{ name: 'code', key: 'login.codeWrong' }]);
    }
  }, codeErrors);

  const newpass = byId('newpass-form');
  newpass.append(
    field({ name: 'newPassword', label: 'login.newPass', hint: 'login.newPassHint', type: 'password', required: true, attrs: { autocomplete: 'new-password' } }),
    field({ name: 'repeatPassword', label: 'login.newPassRepeat', type: 'password', required: true, attrs: { autocomplete: 'new-password' } }),
    submitButton('login.newPassSubmit'));
  onSubmit(newpass, async (form) => {
    let session;
    try {
      session = await api.post('/session/password', { newPassword: form.elements.namedItem('newPassword').value });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 400) throw err;
      showErrors(form, [{ name: 'newPassword', key: 'login.newPassRefused' }]);
      return;
    }
    await afterLogin(session);
  }, newPasswordErrors);

  const enrol = byId('enrol-form');
  enrol.append(
    field({ name: 'code', label: 'login.firstCode', hint: 'login.codeHint', required: true, attrs: codeAttrs }),
    submitButton('login.confirm'));
  onSubmit(enrol, async (form) => {
    try {
      await api.post('/session/totp/confirmation', { code: value(form, 'code') });
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 400)) throw err;
      showErrors(form, [{ name: 'code', key: 'login.codeWrong' }]);
      return;
    }
    goOn();
  }, codeErrors);
}

async function main() {
  await boot({ anonymous: true });
  buildForms();
  // A visitor who is logged in already goes on, or enrols first.
  try {
    const session = await api.get('/session');
    await afterLogin(session);
  } catch {
    byId('login-form').querySelector('input').focus();
  }
}

main();
