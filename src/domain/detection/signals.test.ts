// P-1.3 escalation signals: each type in at least three languages, with the phrases returned.
import { describe, expect, it } from 'vitest';
import { detect, type SignalType } from './index.ts';

function expectSignal(text: string, type: SignalType): string[] {
  const d = detect(text);
  const s = d.signals.find((x) => x.type === type);
  expect(s, `${type} in: ${text}`).toBeDefined();
  for (const p of s!.phrases) expect(text).toContain(p);
  return s!.phrases;
}

describe('signals', () => {
  it('manager_request', () => {
    expect(expectSignal('This is hopeless. I want to speak to your supervisor right now.', 'manager_request').join(' ')).toMatch(/supervisor/i);
    expectSignal('Это безобразие, соедините меня с руководителем.', 'manager_request');
    expectSignal('Das ist eine Frechheit, ich will mit Ihrem Vorgesetzten sprechen.', 'manager_request');
    expectSignal('Es inaceptable, quiero hablar con el encargado.', 'manager_request');
  });

  it('calm manager requests are not complaints', () => {
    const d = detect('Could I talk to the manager about a table for twelve next Friday?');
    expect(d.dissatisfied).toBe(false);
    expect(d.signals.map((s) => s.type)).toEqual(['manager_request']);
  });

  it('credibility', () => {
    expect(expectSignal('You are lying to me, the technician never came.', 'credibility')).toContain('lying');
    expectSignal('Вы мне врёте, мастер так и не пришёл.', 'credibility');
    expectSignal('Ihre Leute sind völlig inkompetent, der Techniker kam nie.', 'credibility');
    expectSignal('Sois unos incompetentes, el técnico nunca vino.', 'credibility');
  });

  it('profanity', () => {
    expect(expectSignal('This is fucking useless, fix my internet.', 'profanity').join(' ')).toMatch(/fucking/);
    expectSignal('Вы там охренели? Третий день без связи.', 'profanity');
    expectSignal('Scheiße, schon wieder kein Netz.', 'profanity');
    expectSignal('Joder, otra vez sin internet.', 'profanity');
  });

  it('threat', () => {
    expectSignal("Refund me by Monday or you'll regret it.", 'threat');
    expectSignal('Если не вернёте деньги, пожалеете.', 'threat');
    expectSignal('Wenn das Geld nicht kommt, werden Sie das bereuen.', 'threat');
    expectSignal('Como no me devolváis el dinero, os vais a acordar de mí.', 'threat');
  });

  it('legal', () => {
    expect(expectSignal('No refund after a month, I am taking you to small claims court.', 'legal').length).toBeGreaterThan(0);
    expectSignal('Деньги не вернули, подаю в суд.', 'legal');
    expectSignal('Fără bani înapoi, fac plângere la ANPC.', 'legal');
    expectSignal('Keine Erstattung, ich schalte meinen Anwalt ein.', 'legal');
  });

  it('churn', () => {
    expectSignal('Third outage this week, I am switching to another provider.', 'churn');
    expectSignal('Опять нет интернета, расторгаю договор.', 'churn');
    expectSignal('Iar nu merge internetul, reziliez contractul.', 'churn');
    expectSignal('Taas netti poikki, irtisanon liittymän.', 'churn');
  });

  it('calm contract end because of a move is not churn', () => {
    const d = detect("I'm moving abroad in August, please end my contract on 31 July.");
    expect(d.dissatisfied).toBe(false);
    expect(d.signals).toEqual([]);
  });

  it('public', () => {
    expectSignal('Still no refund. I will post this on TikTok and leave a review everywhere.', 'public');
    expectSignal('Денег нет до сих пор, напишу отзыв везде и отправлю журналистам.', 'public');
    expectSignal('Immer noch kein Geld, das geht an die Presse.', 'public');
    expectSignal('Sigue sin llegar el dinero, lo contaré en la prensa.', 'public');
  });

  it('repeat_contact', () => {
    expectSignal('I have called four times about this and still nothing.', 'repeat_contact');
    expectSignal('Пишу уже третий раз, ответа нет.', 'repeat_contact');
    expectSignal('Rakstu jau trešo reizi, atbildes nav.', 'repeat_contact');
    expectSignal('Es la cuarta vez que llamo y nadie me responde.', 'repeat_contact');
  });

  it('a repeated product failure alone is not repeat_contact', () => {
    expect(detect('The app crashed again, third time today.').signals.map((s) => s.type)).not.toContain('repeat_contact');
  });

  it('waiting', () => {
    expectSignal('Ordered three weeks ago and still nothing has arrived.', 'waiting');
    expectSignal('Жду заказ уже две недели, до сих пор ничего.', 'waiting');
    expectSignal('Tilaus on ollut matkalla jo kaksi viikkoa, vieläkään ei mitään.', 'waiting');
    expectSignal('Seit drei Wochen warte ich auf die Erstattung, immer noch nichts.', 'waiting');
  });

  it('safety', () => {
    expectSignal('The charger started to smoke and burned my hand.', 'safety');
    expectSignal('После вашего салата у меня отравление и рвота.', 'safety');
    expectSignal('Der Föhn hat Funken gesprüht, das ist gefährlich.', 'safety');
    expectSignal('El cargador echó humo, es peligroso.', 'safety');
  });

  it('playful threats are not complaints', () => {
    const d = detect('If you ever stop selling these cookies I will riot 😂');
    expect(d.dissatisfied).toBe(false);
    expect(d.signals).toEqual([]);
  });
});
