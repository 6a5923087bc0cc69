// Talking to /api/v1: JSON in and out, the session's CSRF token on every
// state-changing request, and errors as ApiError built from the API's
// application/problem+json answers.  Every request says the reader's
// language (Accept-Language), so that the API's problem details come in
// the language of the page.
import { language } from './i18n.js';

const BASE = '/api/v1';
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.type = (problem && problem.type) || '';
    this.title = (problem && problem.title) || '';
    this.detail = (problem && problem.detail) || '';
    this.invalidParams = (problem && Array.isArray(problem.invalidParams)) ? problem.invalidParams : [];
    // The language the server wrote title, detail and reasons in.
    this.lang = language();
  }

  is(kind) {
    return this.type.endsWith(`:${kind}`);
  }
}

export function setCsrfToken(token) {
  if (token) csrfToken = token;
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': language() };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(BASE + path, init);
  } catch {
    throw new ApiError(0, { title: 'network' });
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data);
  if (data && typeof data.csrfToken === 'string') setCsrfToken(data.csrfToken);
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body === undefined ? {} : body),
  put: (path, body) => request('PUT', path, body),
  patch: (path, body) => request('PATCH', path, body),
  del: (path) => request('DELETE', path),
};

// Every page of a list, for the short lists a page shows (at most pages*100).
export async function getAll(path, pages = 10) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < pages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api.get(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...(page.items || []));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

export function q(value) {
  return encodeURIComponent(value);
}
