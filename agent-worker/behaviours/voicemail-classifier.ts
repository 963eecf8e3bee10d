// Is the callee's first utterance an answering machine's greeting? Keyword phrases per
// language, each with a weight: a phrase only a machine says ("leave a message after the
// tone", "spreek een bericht in") weighs 2 and decides alone; one a person might also say
// ("voicemail", "not available", "bel je terug") weighs 1, so it takes two of them. English
// and Dutch are always checked (the languages of the platform's first customers), plus the
// assistant's own language when there is a list for it ("multi": every list). Pure: no I/O.

export type GreetingKind = "machine" | "human";

export interface GreetingClassification {
  kind: GreetingKind;
  /** The phrases found, in list order. */
  matched: string[];
  score: number;
}

/** The score at which a greeting is a machine's. */
export const MACHINE_SCORE = 2;

type Phrases = { strong: readonly string[]; weak: readonly string[] };

// Phrases are written normalised: lower case, no accents, no punctuation, single spaces.
export const VOICEMAIL_PHRASES: Readonly<Record<string, Phrases>> = {
  en: {
    strong: [
      "leave a message", "leave your message", "leave me a message", "leave us a message", "leave your name",
      "after the beep", "after the tone", "at the tone", "after the signal", "record your message",
      "voicemail box", "voice mailbox", "mailbox", "can't take your call", "cannot take your call",
      "can not take your call", "unable to take your call", "not available to take your call",
      "can't come to the phone", "cannot come to the phone", "the person you are calling",
      "the number you have dialed", "the number you have called", "voicemail of",
      "voice mail of",
    ],
    weak: [
      "voicemail", "voice mail", "you have reached", "you've reached", "not available", "unavailable",
      "get back to you", "call you back", "return your call", "beep", "away from", "message",
    ],
  },
  nl: {
    strong: [
      "spreek een bericht in", "spreek uw bericht in", "spreek je bericht in", "spreekt u een bericht in",
      "laat een bericht achter", "laat uw bericht achter", "laat je bericht achter", "na de piep",
      "na de pieptoon", "na de toon", "na het signaal", "na de beep", "voicemailbox", "voicemail van",
      "kan uw oproep niet aannemen", "kan je oproep niet aannemen", "kan de telefoon niet aannemen",
      "ben ik niet bereikbaar", "is niet bereikbaar", "het nummer dat u hebt gekozen", "het door u gekozen nummer",
      "u bent verbonden met de", "bericht achterlaten", "inspreken",
    ],
    weak: [
      "voicemail", "niet bereikbaar", "op dit moment niet", "momenteel niet", "bel ik je terug", "bel ik u terug",
      "bellen we je terug", "bellen we u terug", "terugbellen", "piep", "afwezig", "bericht", "u bent verbonden met",
      "je bent verbonden met",
    ],
  },
  de: {
    strong: [
      "hinterlassen sie eine nachricht", "hinterlassen sie mir eine nachricht", "hinterlasse eine nachricht",
      "nach dem signalton", "nach dem piepton", "nach dem ton", "mailbox", "anrufbeantworter", "sprachbox",
      "ist nicht erreichbar", "der teilnehmer ist",
    ],
    weak: ["nicht erreichbar", "nicht verfugbar", "zuruckrufen", "rufe sie zuruck", "nachricht", "piepton"],
  },
  fr: {
    strong: [
      "laissez un message", "laissez votre message", "laissez moi un message", "apres le bip", "apres le signal",
      "messagerie", "repondeur", "boite vocale", "n'est pas disponible pour le moment",
    ],
    weak: ["pas disponible", "indisponible", "rappellerai", "vous rappeler", "message", "bip"],
  },
  es: {
    strong: [
      "deje su mensaje", "deje un mensaje", "dejeme un mensaje", "despues del tono", "despues de la senal",
      "buzon de voz", "contestador", "no puede atender su llamada", "no esta disponible en este momento",
    ],
    weak: ["no esta disponible", "no puedo atender", "le devolvere la llamada", "mensaje", "tono"],
  },
};

/** The lists that apply to an assistant speaking `language` (an ISO 639-1 code, a locale or "multi"). */
export function voicemailLanguages(language: string | null | undefined): string[] {
  const base = (language ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  if (base === "multi") return Object.keys(VOICEMAIL_PHRASES);
  const languages = ["en", "nl"];
  if (base && base in VOICEMAIL_PHRASES && !languages.includes(base)) languages.push(base);
  return languages;
}

/** Lower case, accents and punctuation removed (apostrophes kept), single spaces. */
export function normaliseUtterance(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, " ")
    .trim();
}

/** Classifies one utterance against the lists of `languages` (defaults: English and Dutch). */
export function classifyGreeting(text: string, languages: readonly string[] = voicemailLanguages(null)): GreetingClassification {
  const padded = ` ${normaliseUtterance(text)} `;
  const matched: string[] = [];
  let score = 0;
  for (const language of languages) {
    const phrases = VOICEMAIL_PHRASES[language];
    if (!phrases) continue;
    for (const [weight, list] of [[MACHINE_SCORE, phrases.strong], [1, phrases.weak]] as const) {
      for (const phrase of list) {
        // Whole words only ("tone" is not in "stone"); a phrase inside a longer one found already counts once.
        if (!padded.includes(` ${phrase} `) || matched.some((m) => m.includes(phrase))) continue;
        matched.push(phrase);
        score += weight;
      }
    }
  }
  return { kind: score >= MACHINE_SCORE ? "machine" : "human", matched, score };
}
