// Form fields built the NL Design System way (label, description, control,
// error message), and the errors of a form: ours, checked before sending,
// and the API's invalidParams, each shown next to its field and listed in
// a summary at the top of the form.
import { ApiError } from './api.js';
import { clear, el, nextId } from './dom.js';
import { loginAgain, problemParts } from './page.js';

function describe(control, id) {
  const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  if (!ids.includes(id)) ids.push(id);
  control.setAttribute('aria-describedby', ids.join(' '));
}

function hint(key, args) {
  if (!key) return null;
  return el('div', { class: 'utrecht-form-field-description', id: nextId('hint'), i18n: key, args });
}

// A labelled text input, date, textarea or select.
// opts: name, label (key), hint (key), type ('text', 'date', 'textarea',
// 'select', 'password'…), required, options [{value, label (key) | text}],
// and any attributes for the control in attrs.
export function field(opts) {
  const id = opts.id || nextId(opts.name);
  let control;
  if (opts.type === 'textarea') {
    control = el('textarea', { id, name: opts.name, rows: opts.rows || 4, ...opts.attrs });
  } else if (opts.type === 'select') {
    control = el('select', { id, name: opts.name, ...opts.attrs },
      (opts.options || []).map((o) => el('option', { value: o.value, i18n: o.label, text: o.text, bi: o.bi })));
  } else {
    control = el('input', { id, name: opts.name, type: opts.type || 'text', ...opts.attrs });
  }
  // aria-required rather than required: the browser's own :invalid
  // styling would mark every empty field before anyone typed a thing.
  if (opts.required) control.setAttribute('aria-required', 'true');
  if (opts.value !== undefined) control.value = opts.value;
  const description = hint(opts.hint, opts.hintArgs);
  if (description) describe(control, description.id);
  const label = el('label', { class: 'utrecht-form-label', for: id },
    el('span', { i18n: opts.label }),
    opts.required || opts.type === 'search' ? null : el('span', { class: 'app-optional', i18n: 'form.optional' }));
  return el('div', { class: 'utrecht-form-field app-field', 'data-field': opts.errorName || opts.name },
    el('div', { class: 'utrecht-form-field__label' }, label),
    description,
    el('div', { class: 'utrecht-form-field__input' }, control));
}

// The NL Design System's classes for a checkbox or a radio button, which
// draw it in the theme's colours.
export const CHOICE_CLASS = {
  checkbox: 'utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom',
  radio: 'utrecht-radio-button utrecht-radio-button--html-input',
};

// A fieldset of radio buttons (type 'radio') or checkboxes (type 'checkbox').
export function choices(opts) {
  const type = opts.type || 'radio';
  const description = hint(opts.hint, opts.hintArgs);
  const fieldset = el('fieldset', {
    class: 'app-choices', 'data-field': opts.errorName || opts.name,
    role: opts.required && type === 'radio' ? 'radiogroup' : null,
    'aria-required': opts.required && type === 'radio' ? 'true' : null,
  },
    el('legend', { i18n: opts.legend, args: opts.legendArgs }),
    description);
  if (description) fieldset.setAttribute('aria-describedby', description.id);
  for (const o of opts.options) {
    const id = nextId(`${opts.name}-${o.value}`);
    const input = el('input', {
      type, id, name: opts.name, value: o.value, class: CHOICE_CLASS[type],
      checked: Array.isArray(opts.value) ? opts.value.includes(o.value) : opts.value === o.value,
    });
    fieldset.append(el('div', { class: `app-choice app-choice--${type}` }, input,
      el('label', { for: id, i18n: o.label, text: o.text, bi: o.bi })));
  }
  return fieldset;
}

export function checkedValues(form, name) {
  return Array.from(form.querySelectorAll(`input[name="${name}"]:checked`)).map((i) => i.value);
}

export function checkedValue(form, name) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : '';
}

export function value(form, name) {
  const control = form.elements.namedItem(name);
  return control && 'value' in control ? control.value.trim() : '';
}

// The error summary at the top of a form; made on first use.
function summaryOf(form) {
  let box = form.querySelector(':scope > .app-error-summary');
  if (!box) {
    box = el('div', { class: 'app-error-summary', role: 'alert', tabindex: '-1', hidden: true });
    form.prepend(box);
  }
  return box;
}

export function clearErrors(form) {
  for (const msg of form.querySelectorAll('.utrecht-form-field-error-message')) msg.remove();
  for (const node of form.querySelectorAll('[aria-invalid]')) {
    node.removeAttribute('aria-invalid');
    const ids = (node.getAttribute('aria-describedby') || '').split(' ').filter((i) => !i.startsWith('err-'));
    if (ids.length) node.setAttribute('aria-describedby', ids.join(' '));
    else node.removeAttribute('aria-describedby');
  }
  for (const node of form.querySelectorAll('.utrecht-form-field--invalid, .app-choices--invalid')) {
    node.classList.remove('utrecht-form-field--invalid', 'app-choices--invalid');
  }
  const box = summaryOf(form);
  clear(box);
  box.hidden = true;
}

// The field container for an error's name: "actions[0].dueOn" is looked
// for as given, then as "actions[0]", then as "actions".
function containerFor(form, name) {
  const tries = [name, name.replace(/\.[^.]*$/, ''), name.replace(/\[.*$/, '')];
  for (const n of tries) {
    const node = form.querySelector(`[data-field="${CSS.escape(n)}"]`);
    if (node) return node;
  }
  return null;
}

// The name of the field in a container, as its label or legend reads (a
// copy that keeps its translation), for the error summary.
function fieldName(container) {
  const source = container.matches('fieldset')
    ? container.querySelector(':scope > legend')
    : container.querySelector('.utrecht-form-label > span:first-child');
  if (!source || !source.textContent.trim()) return null;
  const copy = source.cloneNode(true);
  copy.removeAttribute('id');
  copy.classList.add('app-error-field');
  return copy;
}

// Shows errors: [{name, key (our text) | reason (the API's, in the
// language of the request, lang)}].  Each is shown at its field and listed
// in the summary as "field: what is wrong", linking to the field.
export function showErrors(form, errors, titleKey = 'form.errorsTitle') {
  clearErrors(form);
  const box = summaryOf(form);
  const list = el('ul');
  for (const e of errors) {
    const message = e.key
      ? el('span', { i18n: e.key, args: e.args })
      : el('span', { lang: e.lang || null, text: e.reason || '' });
    const container = e.name ? containerFor(form, e.name) : null;
    if (container) {
      const id = nextId('err');
      const msg = el('p', { class: 'utrecht-form-field-error-message', id }, message.cloneNode(true));
      const controls = container.matches('fieldset')
        ? [container]
        : Array.from(container.querySelectorAll('input, select, textarea'));
      if (container.matches('fieldset')) {
        container.classList.add('app-choices--invalid');
        container.querySelector(':scope > legend').after(msg);
      } else {
        container.classList.add('utrecht-form-field--invalid');
        container.querySelector('.utrecht-form-field__input').before(msg);
      }
      for (const c of controls) {
        c.setAttribute('aria-invalid', 'true');
        describe(c, id);
      }
      const target = container.matches('fieldset') ? container.querySelector('input') : controls[0];
      const name = fieldName(container);
      const link = el('a', { href: `#${target ? target.id : ''}` }, name, name ? ': ' : null, message);
      link.addEventListener('click', (ev) => {
        ev.preventDefault();
        if (target) target.focus();
      });
      list.append(el('li', {}, link));
    } else {
      list.append(el('li', {}, message));
    }
  }
  box.append(el('p', { class: 'app-alert-title', i18n: titleKey }), list);
  box.hidden = false;
  box.focus();
}

// Shows an API error on a form: its invalidParams by field, or one message.
export function showProblem(form, err) {
  if (err instanceof ApiError && err.invalidParams.length) {
    showErrors(form, err.invalidParams.map((p) => ({ name: p.name, reason: p.reason, lang: err.lang })),
      err.status === 409 ? 'problem.409' : 'form.errorsTitle');
    return;
  }
  const parts = problemParts(err);
  clearErrors(form);
  const box = summaryOf(form);
  box.append(el('p', { class: 'app-alert-title', i18n: parts.key }));
  if (parts.detail) box.append(el('p', { class: 'app-detail', lang: parts.lang, text: parts.detail }));
  const again = loginAgain(err);
  if (again) box.append(again);
  box.hidden = false;
  box.focus();
}

// Runs work(form) for a submit, with the button busy meanwhile; an error
// thrown is shown on the form.  validate(form) returns our own errors.
export function onSubmit(form, work, validate) {
  form.noValidate = true;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (button && button.getAttribute('aria-busy') === 'true') return;
    const errors = validate ? validate(form) : [];
    if (errors.length) {
      showErrors(form, errors);
      return;
    }
    clearErrors(form);
    if (button) button.setAttribute('aria-busy', 'true');
    try {
      await work(form);
    } catch (err) {
      showProblem(form, err);
    } finally {
      if (button) button.removeAttribute('aria-busy');
    }
  });
}

// Our own checks: required names that are empty.
export function requireFilled(form, names) {
  const errors = [];
  for (const name of names) {
    const controls = form.querySelectorAll(`[name="${name}"]`);
    if (!controls.length) continue;
    const first = controls[0];
    const empty = first.type === 'radio' || first.type === 'checkbox'
      ? !Array.from(controls).some((c) => c.checked)
      : !first.value.trim();
    if (empty) errors.push({ name, key: first.type === 'radio' || first.type === 'checkbox' ? 'form.chooseOne' : 'form.required' });
  }
  return errors;
}

export function submitButton(key, extraClass = '') {
  return el('button', {
    type: 'submit', class: `utrecht-button utrecht-button--primary-action ${extraClass}`.trim(), i18n: key,
  });
}

