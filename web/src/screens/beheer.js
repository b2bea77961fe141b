// beheer.js - the administrator's screen: every account with its role, organisation,
// municipality and addresses; adding an account (the same rules as `samenloop user
// add`); per account (?gebruiker=NAAM) deactivating or reactivating it, setting a new
// password (which ends the account's open sessions), and its API tokens: make one
// (the secret is shown once), revoke one after a confirmation.

import {
  h, heading, para, field, textbox, select, textarea, submit, button, alert, table, dataList, link,
  formatDate,
} from '../dom.js';
import { api, allPages } from '../api.js';
import { ROLES, GEMEENTEN, gemeente } from '../labels.js';
import { confirmDialog } from '../confirm_dialog.js';

const PASSWORD_MIN = 12;
const WEERGAVENAAM_UITLEG = 'Zoals de leveringen van IMG of NCG de persoon schrijven, bijvoorbeeld "H. Eemsens". Signalen aan die persoon staan dan bij "Aan mij persoonlijk". Niet verplicht.';
const NAAM_RE = /^[A-Za-z0-9._@-]{1,64}$/;
// the roles that work signals: only they have a name in the deliveries that matters
const SIGNAL_ROLES = ['zaakbegeleider', 'bewonersbegeleider', 'svip', 'coordinator', 'interventieteam'];
const ORG_ROLES = ['zaakbegeleider', 'bewonersbegeleider', 'svip', 'coordinator', 'interventieteam', 'planner', 'datasteward'];

function orgText(u) {
  return u.org || '–';
}

function statusText(u) {
  return u.actief === false ? 'Gedeactiveerd' : 'Actief';
}

function errText(err) {
  return err?.describe ? err.describe() : String(err?.message || err);
}

// ---- the list of accounts --------------------------------------------------------------

async function gebruikersLijst(target, ctx) {
  try {
    const { items, totaal } = await allPages('/gebruikers', {}, 5000);
    if (ctx.stale()) return;
    const tbl = table(`Alle ${totaal === 1 ? 'gebruikers (1)' : `gebruikers (${totaal})`}`, [
      { label: 'Naam', cell: (u) => link(`/beheer?gebruiker=${encodeURIComponent(u.naam)}`, u.naam, { 'aria-label': `${u.naam}: beheren en tokens` }) },
      { label: 'Rol', cell: (u) => ROLES[u.rol] || u.rol },
      { label: 'Organisatie', cell: orgText },
      { label: 'Gemeente', cell: (u) => (u.gemeentecode ? gemeente(u.gemeentecode) : '–') },
      { label: 'Adressen', cell: (u) => (u.adressen?.length ? u.adressen.join(', ') : '–') },
      { label: 'Status', cell: statusText },
    ], items, { empty: 'Er zijn nog geen gebruikers.' });
    if (tbl.classList.contains('utrecht-table-container')) {
      tbl.tabIndex = 0;
      tbl.setAttribute('role', 'region');
      tbl.setAttribute('aria-label', 'Tabel met gebruikers');
    }
    target.replaceChildren(tbl);
  } catch (err) {
    target.replaceChildren(alert('error', errText(err)));
  }
}

// ---- adding an account -----------------------------------------------------------------

function nieuwFormulier(ctx, onAdded) {
  const inputs = {
    naam: textbox({ name: 'naam', autocomplete: 'off', spellcheck: 'false', required: true }),
    weergavenaam: textbox({ name: 'weergavenaam', autocomplete: 'off', maxlength: 80 }),
    rol: select([['', 'Kies een rol'], ...Object.entries(ROLES)], { name: 'rol', required: true }),
    org: select([['', 'Geen organisatie'], ['IMG', 'IMG'], ['NCG', 'NCG']], { name: 'org' }),
    gemeentecode: select([['', 'Kies een gemeente'], ...Object.entries(GEMEENTEN)
      .sort((a, b) => a[1].localeCompare(b[1], 'nl')).map(([c, n]) => [c, `${n} (${c})`])], { name: 'gemeentecode' }),
    adressen: textarea({ name: 'adressen', rows: 3, spellcheck: 'false' }),
    levert_adressen: select([['nee', 'Nee'], ['ja', 'Ja']], { name: 'levert_adressen' }),
    wachtwoord: textbox({ type: 'password', name: 'wachtwoord', autocomplete: 'new-password', required: true }),
  };
  const uitleg = {
    naam: '1 tot 64 tekens: letters, cijfers en . _ @ -. Hoofdletters tellen niet mee.',
    weergavenaam: WEERGAVENAAM_UITLEG,
    rol: 'Bepaalt wat de gebruiker mag zien en doen.',
    org: 'Zaakbegeleider: IMG. Bewonersbegeleider: NCG. SVIP-medewerker en datasteward: IMG of NCG (een datasteward levert alleen de gegevens van die organisatie). Management, gemeente, bewoner en beheerder: geen.',
    gemeentecode: 'Alleen voor een gemeente-account: de gemeente ziet alleen de cijfers van haar eigen gebied.',
    levert_adressen: 'Alleen voor een datasteward: mag deze persoon ook de BAG-adressen leveren? Wijs daarvoor bewust iemand aan.',
    adressen: 'Alleen voor een bewoner: de nummeraanduiding-id\'s (16 cijfers) van zijn of haar adressen, één per regel. Hoogstens 16.',
    wachtwoord: `Minstens ${PASSWORD_MIN} tekens. Een zin van een paar woorden is sterk en goed te onthouden. Geef het wachtwoord op een veilige manier door.`,
  };
  const labels = {
    naam: 'Gebruikersnaam', weergavenaam: 'Naam in de leveringen', rol: 'Rol', org: 'Organisatie', gemeentecode: 'Gemeente',
    adressen: 'Adressen', levert_adressen: 'Levert BAG-adressen', wachtwoord: 'Wachtwoord',
  };
  const fields = {};
  const errors = h('div.sl-notices');
  const form = h('form.sl-form.sl-upload', { 'aria-labelledby': 'kop-nieuw', novalidate: true });

  // Only the fields a role uses are shown (no re-render: the focused select stays put).
  function visibility() {
    const rol = inputs.rol.value;
    fields.org.hidden = !!rol && !ORG_ROLES.includes(rol);
    fields.gemeentecode.hidden = rol !== 'gemeente';
    fields.adressen.hidden = rol !== 'bewoner';
    fields.levert_adressen.hidden = rol !== 'datasteward';
    fields.weergavenaam.hidden = !!rol && !SIGNAL_ROLES.includes(rol);
  }
  function render(fieldErrors = {}) {
    for (const k of Object.keys(inputs)) {
      inputs[k].removeAttribute('aria-invalid');
      const f = field(labels[k], inputs[k], { id: `nieuw-${k}`, description: uitleg[k], error: fieldErrors[k] });
      if (fields[k]) fields[k].replaceWith(f);
      fields[k] = f;
    }
    visibility();
  }
  render();
  inputs.rol.addEventListener('change', visibility);

  form.append(
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-nieuw' }, 'Gebruiker toevoegen'),
    ...Object.keys(inputs).map((k) => fields[k]),
    errors,
    h('div.utrecht-button-group', submit('Gebruiker toevoegen', 'primary-action', { 'data-test': 'toevoegen' })));
  // the fields were appended by reference; re-rendering replaces them in place
  const refresh = (fe) => {
    render(fe);
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const rol = inputs.rol.value;
    const body = {
      naam: inputs.naam.value.trim(),
      weergavenaam: SIGNAL_ROLES.includes(rol) ? inputs.weergavenaam.value.trim() || null : null,
      rol,
      org: !fields.org.hidden && inputs.org.value ? inputs.org.value : null,
      gemeentecode: rol === 'gemeente' && inputs.gemeentecode.value ? inputs.gemeentecode.value : null,
      levert_adressen: rol === 'datasteward' && inputs.levert_adressen.value === 'ja',
      adressen: rol === 'bewoner' ? inputs.adressen.value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean) : [],
      wachtwoord: inputs.wachtwoord.value,
    };
    const fe = {};
    if (!NAAM_RE.test(body.naam)) fe.naam = 'Vul een gebruikersnaam in van 1 tot 64 tekens: letters, cijfers en . _ @ -.';
    if (!rol) fe.rol = 'Kies een rol.';
    if (rol === 'datasteward' && !body.org) fe.org = 'Kies de organisatie waarvoor deze datasteward levert: IMG of NCG.';
    if (rol === 'gemeente' && !body.gemeentecode) fe.gemeentecode = 'Kies de gemeente van dit account.';
    if (rol === 'bewoner' && !body.adressen.length) fe.adressen = 'Vul minstens één adres in.';
    if (body.adressen.some((a) => !/^\d{16}$/.test(a))) fe.adressen = 'Elk adres is een nummeraanduiding-id van 16 cijfers.';
    if ([...body.wachtwoord].length < PASSWORD_MIN) fe.wachtwoord = `Het wachtwoord is te kort: minstens ${PASSWORD_MIN} tekens.`;
    if (Object.keys(fe).length) {
      refresh(fe);
      errors.replaceChildren(alert('error', 'Het formulier is nog niet goed ingevuld. Zie de meldingen bij de velden.'));
      inputs[Object.keys(inputs).find((k) => fe[k])].focus();
      return;
    }
    try {
      const u = await api.post('/gebruikers', body);
      inputs.wachtwoord.value = '';
      form.reset();
      refresh();
      errors.replaceChildren(alert('ok', `Gebruiker ${u.naam} is toegevoegd als ${ROLES[u.rol] || u.rol}. `,
        link(`/beheer?gebruiker=${encodeURIComponent(u.naam)}`, `Beheer ${u.naam} en maak een token`)));
      await onAdded();
    } catch (err) {
      inputs.wachtwoord.value = '';
      const byField = {};
      for (const x of err.errors || []) if (inputs[x.veld]) byField[x.veld] = x.reden;
      refresh(byField);
      errors.replaceChildren(alert('error', `Niet toegevoegd: ${errText(err)}`));
      const first = Object.keys(inputs).find((k) => byField[k]);
      (first ? inputs[first] : inputs.naam).focus();
    }
  });
  return form;
}

// ---- one account: status and tokens ----------------------------------------------------

async function gebruikerPaneel(target, ctx, naam) {
  let u;
  try {
    u = await api.get(`/gebruikers/${encodeURIComponent(naam)}`);
  } catch (err) {
    if (ctx.stale()) return;
    target.replaceChildren(alert('error', err.status === 404 ? `Er is geen gebruiker ${naam}.` : errText(err)),
      para(link('/beheer', 'Terug naar alle gebruikers')));
    return;
  }
  if (ctx.stale()) return;
  const notices = h('div.sl-notices');
  const tokens = h('div.sl-tokens');
  const isSelf = ctx.user.naam.toLowerCase() === u.naam.toLowerCase();

  const toggle = u.actief === false
    ? button('Account weer activeren', async () => {
      try {
        await api.post(`/gebruikers/${encodeURIComponent(u.naam)}/activering`);
        ctx.navigate(`/beheer?gebruiker=${encodeURIComponent(u.naam)}&gewijzigd=geactiveerd`);
      } catch (err) { notices.replaceChildren(alert('error', errText(err))); }
    }, 'secondary-action', { 'data-test': 'activeren' })
    : isSelf ? null : button('Account deactiveren', async () => {
      const ok = await confirmDialog(`${u.naam} deactiveren?`,
        `${u.naam} kan dan niet meer inloggen, de API-tokens werken niet meer en open sessies eindigen. U kunt het account later weer activeren.`,
        'Ja, deactiveren');
      if (!ok) return;
      try {
        await api.post(`/gebruikers/${encodeURIComponent(u.naam)}/deactivering`);
        ctx.navigate(`/beheer?gebruiker=${encodeURIComponent(u.naam)}&gewijzigd=gedeactiveerd`);
      } catch (err) { notices.replaceChildren(alert('error', errText(err))); }
    }, 'secondary-action', { 'data-test': 'deactiveren' });

  const gewijzigd = ctx.query.get('gewijzigd');
  if (gewijzigd) notices.append(alert('ok', `Het account is ${gewijzigd}.`));

  const omschrijving = textbox({ name: 'omschrijving', maxlength: 200 });
  const tokenForm = h('form.sl-form.sl-upload', { 'aria-labelledby': 'kop-token-nieuw' },
    h('h3.nl-heading.nl-heading--level-3', { id: 'kop-token-nieuw' }, 'Nieuw API-token'),
    field('Omschrijving', omschrijving, { id: 'token-omschrijving', description: 'Waarvoor is dit token? Bijvoorbeeld "bronsysteem IMG, nachtelijke levering". Niet verplicht.' }),
    h('div.utrecht-button-group', submit('Token maken', 'primary-action', { 'data-test': 'token-maken' })));
  const secret = h('div.sl-secret-box');
  tokenForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const t = await api.post(`/gebruikers/${encodeURIComponent(u.naam)}/tokens`,
        omschrijving.value.trim() ? { omschrijving: omschrijving.value.trim() } : {});
      omschrijving.value = '';
      const box = textbox({ readonly: true, value: t.token, spellcheck: 'false', class: 'sl-secret' });
      const copied = h('span', { role: 'status' });
      const kopieer = button('Kopieer token', async () => {
        box.select();
        try {
          await navigator.clipboard.writeText(t.token);
          copied.textContent = 'Gekopieerd.';
        } catch {
          copied.textContent = 'Kopiëren lukte niet: het token is geselecteerd, kopieer het met Ctrl+C.';
        }
      }, 'secondary-action', { 'data-test': 'kopieer' });
      secret.replaceChildren(h('div.sl-card',
        h('h3.nl-heading.nl-heading--level-3', { id: 'kop-geheim', tabindex: '-1' }, 'Het nieuwe token'),
        alert('warning', 'Kopieer dit token nu en bewaar het veilig, bijvoorbeeld in de instellingen van het systeem dat het gebruikt. ',
          'Het wordt niet opnieuw getoond. Kwijt? Trek het in en maak een nieuw token.'),
        field('Token', box, { id: 'token-geheim', description: 'Het systeem stuurt het mee als "Authorization: Bearer …".' }),
        h('div.utrecht-button-group', kopieer), copied));
      secret.querySelector('#kop-geheim').focus();
      await tokenLijst(tokens, ctx, u, notices);
    } catch (err) {
      notices.replaceChildren(alert('error', `Geen token gemaakt: ${errText(err)}`));
    }
  });

  target.replaceChildren(
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-gebruiker' }, `Gebruiker ${u.naam}`),
    para(link('/beheer', 'Terug naar alle gebruikers')),
    notices,
    h('div.sl-kv', dataList([
      ['Naam in de leveringen', u.weergavenaam || '–'],
      ['Rol', ROLES[u.rol] || u.rol],
      ['Organisatie', orgText(u)],
      ['Gemeente', u.gemeentecode ? gemeente(u.gemeentecode) : '–'],
      ['Adressen', u.adressen?.length ? u.adressen.join(', ') : '–'],
      ...(u.rol === 'datasteward' ? [['Levert BAG-adressen', u.levert_adressen ? 'Ja' : 'Nee']] : []),
      ['Status', statusText(u)],
      ['Aangemaakt op', formatDate(u.aangemaakt_op)],
    ])),
    toggle ? h('div.utrecht-button-group', toggle) : '',
    SIGNAL_ROLES.includes(u.rol) ? weergavenaamFormulier(u, ctx, notices) : '',
    u.rol === 'datasteward' ? adresleveringFormulier(u, ctx, notices) : '',
    wachtwoordFormulier(u, notices),
    h('h3.nl-heading.nl-heading--level-3', { id: 'kop-tokens' }, 'API-tokens'),
    para('Met een API-token praat een systeem met samenloop namens deze gebruiker, met dezelfde rechten.'),
    tokens, secret, tokenForm);
  await tokenLijst(tokens, ctx, u, notices);
}

// The person's name as the deliveries spell it: what makes signals "aan mij persoonlijk".
function weergavenaamFormulier(u, ctx, notices) {
  const input = textbox({ name: 'weergavenaam', autocomplete: 'off', maxlength: 80, value: u.weergavenaam || '' });
  let veld = field('Naam in de leveringen', input, { id: 'weergavenaam-wijzigen', description: WEERGAVENAAM_UITLEG });
  const form = h('form.sl-form.sl-upload', { 'aria-labelledby': 'kop-weergavenaam', novalidate: true },
    h('h3.nl-heading.nl-heading--level-3', { id: 'kop-weergavenaam' }, 'Naam in de leveringen wijzigen'),
    veld,
    h('div.utrecht-button-group', submit('Naam opslaan', 'secondary-action', { 'data-test': 'weergavenaam-opslaan' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api.put(`/gebruikers/${encodeURIComponent(u.naam)}/weergavenaam`, { weergavenaam: input.value.trim() });
      ctx.navigate(`/beheer?gebruiker=${encodeURIComponent(u.naam)}&gewijzigd=bijgewerkt`);
    } catch (err) {
      const reden = (err.errors || []).find((x) => x.veld === 'weergavenaam')?.reden;
      const nieuw = field('Naam in de leveringen', input, { id: 'weergavenaam-wijzigen', description: WEERGAVENAAM_UITLEG, error: reden });
      veld.replaceWith(nieuw);
      veld = nieuw;
      notices.replaceChildren(alert('error', `Naam niet opgeslagen: ${errText(err)}`));
      input.focus();
    }
  });
  return form;
}

// Appointing a data steward for the BAG addresses, or ending it (decision 90).
function adresleveringFormulier(u, ctx, notices) {
  const aan = !u.levert_adressen;
  const form = h('form.sl-form.sl-upload', { 'aria-labelledby': 'kop-adreslevering' },
    h('h3.nl-heading.nl-heading--level-3', { id: 'kop-adreslevering' }, 'BAG-adressen leveren'),
    para(aan
      ? `${u.naam} levert nu alleen de gegevens van ${u.org || 'de eigen organisatie'}. Wijs deze datasteward aan om ook de BAG-adressen te leveren.`
      : `${u.naam} is aangewezen om de BAG-adressen te leveren.`),
    h('div.utrecht-button-group', submit(aan ? 'Aanwijzen voor BAG-adressen' : 'Aanwijzing voor BAG-adressen beëindigen',
      'secondary-action', { 'data-test': 'adreslevering' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api.put(`/gebruikers/${encodeURIComponent(u.naam)}/adreslevering`, { levert_adressen: aan });
      ctx.navigate(`/beheer?gebruiker=${encodeURIComponent(u.naam)}&gewijzigd=bijgewerkt`);
    } catch (err) {
      notices.replaceChildren(alert('error', `Niet gewijzigd: ${errText(err)}`));
    }
  });
  return form;
}

// A new password for someone who forgot theirs: the server ends their open sessions.
function wachtwoordFormulier(u, notices) {
  const input = textbox({ type: 'password', name: 'nieuw-wachtwoord', autocomplete: 'new-password', required: true });
  const uitleg = `Minstens ${PASSWORD_MIN} tekens. Open sessies van ${u.naam} eindigen; API-tokens blijven werken. Geef het wachtwoord op een veilige manier door.`;
  let veld = field('Nieuw wachtwoord', input, { id: 'wachtwoord-nieuw', description: uitleg });
  const form = h('form.sl-form.sl-upload', { 'aria-labelledby': 'kop-wachtwoord', novalidate: true },
    h('h3.nl-heading.nl-heading--level-3', { id: 'kop-wachtwoord' }, 'Nieuw wachtwoord instellen'),
    veld,
    h('div.utrecht-button-group', submit('Wachtwoord instellen', 'secondary-action', { 'data-test': 'wachtwoord-instellen' })));
  const toon = (error) => {
    input.removeAttribute('aria-invalid');
    const nieuw = field('Nieuw wachtwoord', input, { id: 'wachtwoord-nieuw', description: uitleg, error });
    veld.replaceWith(nieuw);
    veld = nieuw;
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const wachtwoord = input.value;
    if ([...wachtwoord].length < PASSWORD_MIN) {
      toon(`Het wachtwoord is te kort: minstens ${PASSWORD_MIN} tekens.`);
      input.focus();
      return;
    }
    try {
      await api.put(`/gebruikers/${encodeURIComponent(u.naam)}/wachtwoord`, { wachtwoord });
      input.value = '';
      toon();
      notices.replaceChildren(alert('ok', `Het wachtwoord van ${u.naam} is ingesteld. Open sessies van ${u.naam} zijn beëindigd.`));
    } catch (err) {
      input.value = '';
      const reden = (err.errors || []).find((x) => x.veld === 'wachtwoord')?.reden;
      toon(reden ? `Niet ingesteld: ${reden}` : undefined);
      notices.replaceChildren(alert('error', `Wachtwoord niet ingesteld: ${errText(err)}`));
      input.focus();
    }
  });
  return form;
}

async function tokenLijst(target, ctx, u, notices) {
  try {
    const { items } = await allPages(`/gebruikers/${encodeURIComponent(u.naam)}/tokens`, {}, 1000);
    if (ctx.stale()) return;
    target.replaceChildren(table(`API-tokens van ${u.naam}`, [
      { label: 'Nummer', cell: (t) => String(t.id), numeric: true },
      { label: 'Omschrijving', cell: (t) => t.omschrijving || '–' },
      { label: 'Gemaakt op', cell: (t) => formatDate(t.aangemaakt_op) },
      { label: 'Laatst gebruikt', cell: (t) => (t.laatst_gebruikt_op ? formatDate(t.laatst_gebruikt_op) : 'Nog niet') },
      { label: 'Status', cell: (t) => (t.ingetrokken_op ? `Ingetrokken op ${formatDate(t.ingetrokken_op)}` : 'Werkt') },
      {
        label: 'Actie',
        cell: (t) => (t.ingetrokken_op ? '–' : button('Intrekken', async () => {
          const wat = `token ${t.id}${t.omschrijving ? ` (${t.omschrijving})` : ''}`;
          const ok = await confirmDialog(`Token ${t.id} intrekken?`,
            `Een systeem dat ${wat} gebruikt, krijgt daarna geen toegang meer. Dit kan niet ongedaan worden gemaakt.`,
            'Ja, intrekken');
          if (!ok) return;
          try {
            await api.post(`/tokens/${t.id}/intrekking`);
            notices.replaceChildren(alert('ok', `Token ${t.id} is ingetrokken. Het werkt niet meer.`));
          } catch (err) {
            notices.replaceChildren(alert('error', errText(err)));
          }
          await tokenLijst(target, ctx, u, notices);
        }, 'secondary-action', { 'aria-label': `Token ${t.id} intrekken`, 'data-test': 'intrekken' })),
      },
    ], items, { empty: 'Deze gebruiker heeft geen API-tokens.' }));
  } catch (err) {
    target.replaceChildren(alert('error', errText(err)));
  }
}

// ---- the screen ------------------------------------------------------------------------

export default async function beheer(main, ctx) {
  const naam = ctx.query.get('gebruiker');
  main.append(heading(1, naam ? `Beheer: ${naam}` : 'Beheer'));
  if (naam) {
    const panel = h('section', { 'aria-labelledby': 'kop-gebruiker' });
    main.append(panel);
    ctx.title(`Beheer: ${naam}`);
    await gebruikerPaneel(panel, ctx, naam);
    return;
  }
  main.append(para('Gebruikers, hun rollen en API-tokens. Kies een gebruiker om het account te beheren of een token te maken.'));
  main.append(para(link('/beheer/regels', 'Regels: de samenwerkingsmatrix bekijken, wijzigen en publiceren')));
  const list = h('div', para('Laden…'));
  main.append(
    h('section', { 'aria-labelledby': 'kop-gebruikers' },
      h('h2.nl-heading.nl-heading--level-2', { id: 'kop-gebruikers' }, 'Gebruikers'), list),
    nieuwFormulier(ctx, () => gebruikersLijst(list, ctx)));
  ctx.title('Beheer');
  await gebruikersLijst(list, ctx);
}
