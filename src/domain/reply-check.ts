// The reply checker (P-2.5, P-2.6): before a reply goes to an upset customer,
// warn about a template left unchanged, a missing apology or ownership, and
// suggest the phone when the customer is angry.
import { readsAsApology } from './playbook.ts';
import { isUnchangedTemplate, type PlaceholderValues } from './canned-replies.ts';

export interface ReplyWarning {
  code: 'TEMPLATE_UNCHANGED' | 'NO_APOLOGY' | 'NO_OWNERSHIP' | 'PREFER_PHONE';
  rule: string;
  message: string;
}

export interface ReplyContext {
  body: string;
  customerName: string | null;
  /** What the customer wrote and the restatement: the reply should speak to this problem. */
  caseTexts: string[];
  intensity: number;
  channel: string;
  /** The canned replies: a draft that is one of them with only the placeholders filled is a template unchanged. */
  templates?: readonly string[];
  /** What the placeholders stand for on this case. */
  placeholders?: PlaceholderValues;
}

// "I will …", "I personally …", "my responsibility" in our seven languages.
const OWNERSHIP =
  /\b(i will|i'll|i am going to|i personally|i have (already )?(arranged|asked|sent|checked)|my responsibility|i take)\b|я (лично|сам[ау]?|займусь|прослежу|позвоню|провер|отправлю|беру)|(ich werde|ich kümmere|ich persönlich|ich rufe|übernehme ich)|(me encargo|yo mismo|me ocupo|personalmente|le llamaré|voy a)|(mă ocup|personal|vă sun|voi (verifica|trimite|rezolva))|(es personīgi|es parūpēšos|es pats|es piezvanīšu|es nosūtīšu|uzņemos)|(hoidan|henkilökohtaisesti|soitan|lähetän|otan vastuun|minä itse)/i;

const WORD = /[\p{L}\p{N}]{5,}/gu;

function contentWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(WORD) ?? []).map((w) => w.slice(0, 6)));
}

export function checkReply(ctx: ReplyContext): ReplyWarning[] {
  const warnings: ReplyWarning[] = [];
  const body = ctx.body;
  const lower = body.toLowerCase();
  const firstName = ctx.customerName?.trim().split(/\s+/)[0]?.toLowerCase();
  const mentionsName = !!firstName && firstName.length > 1 && lower.includes(firstName);
  const caseWords = new Set<string>();
  for (const t of ctx.caseTexts) for (const w of contentWords(t)) caseWords.add(w);
  const shared = [...contentWords(body)].some((w) => caseWords.has(w));
  if (isUnchangedTemplate(body, ctx.templates ?? [], ctx.placeholders)) {
    warnings.push({ code: 'TEMPLATE_UNCHANGED', rule: 'P-2.5', message: 'This is a canned reply with only its placeholders filled in: say something about this customer’s problem in your own words.' });
  } else if (!mentionsName && !shared) {
    warnings.push({ code: 'TEMPLATE_UNCHANGED', rule: 'P-2.5', message: 'This reads like a template: it does not use the customer’s name or say anything about their problem.' });
  }
  if (ctx.intensity >= 2) {
    if (!readsAsApology(body)) warnings.push({ code: 'NO_APOLOGY', rule: 'P-2.5', message: 'The customer is upset: apologise sincerely and personally.' });
    if (!OWNERSHIP.test(body)) warnings.push({ code: 'NO_OWNERSHIP', rule: 'P-2.4', message: 'Say what you will do yourself and how to reach you: take ownership.' });
  }
  if (ctx.intensity >= 3 && ctx.channel !== 'phone') {
    warnings.push({ code: 'PREFER_PHONE', rule: 'P-2.6', message: 'The customer is angry: call them instead of writing; follow the call with a personal note.' });
  }
  return warnings;
}
