/*
 * verzoek_answer.js - an SVIP answer the server withheld from this reader.
 * An answer carries the answering body's data; without a basis today (consent
 * withdrawn, no statutory task for the purpose) the API sends "antwoord": null
 * with "weerhouden" saying why (docs/decisions.md 104).
 */

/** The sentence to show instead of a withheld answer, or null when it is shown. */
export function withheldAnswer(v) {
  return v.antwoord == null && v.weerhouden ? `Niet getoond: ${v.weerhouden}.` : null;
}
