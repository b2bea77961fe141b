// session.js - who is logged in (from GET /sessies/huidig or the login answer).

import { api, setCsrf } from './api.js';

let current = null;

export function user() {
  return current;
}

// Ask the server; a missing or expired session answers 401 and leaves `current` null.
export async function loadSession() {
  try {
    current = (await api.get('/sessies/huidig')).gebruiker;
  } catch {
    current = null;
  }
  return current;
}

export async function login(gebruikersnaam, wachtwoord) {
  const answer = await api.post('/sessies', { gebruikersnaam, wachtwoord });
  setCsrf(answer.csrf_token);
  current = answer.gebruiker;
  return current;
}

export async function logout() {
  try {
    await api.del('/sessies/huidig');
  } finally {
    setCsrf(null);
    current = null;
  }
}

export function forget() {
  setCsrf(null);
  current = null;
}
