import type { Random } from '../../support/random';

const FIRST_NAMES = ['Asha', 'Ravi', 'Müller', 'Zoë', 'Priya', 'João', 'Léa', 'Chen', 'Olga', 'Søren', 'Fatima', 'Arjun'];
const GSM_TEMPLATES = [
  'Hi {name}, your order #{n} has shipped and will arrive tomorrow. Track it at https://ex.co/t/{n}. Reply STOP to opt out.',
  'Dear {name}, the Diwali sale is live: 30% off everything until Sunday! Use code FEST{n} at checkout.',
  '{name}, your appointment is confirmed for {n}:00. Need to change it? Call 080-1234-5678.',
  'Hello {name}! Your balance is {n} INR. Top up now and get 5% extra [offer valid till 31/12] ~ Team Desk',
  'Reminder for {name}: your subscription renews on the 1st. Manage it at https://ex.co/s/{n} or reply HELP for assistance. ' +
    'Thank you for staying with us this year, we have lots of new things planned for you.',
];
const UNICODE_TEMPLATES = [
  'नमस्ते {name}, आपका ऑर्डर #{n} भेज दिया गया है। धन्यवाद!',
  '{name}, don\u2019t miss our weekend offer \u2013 up to {n}% off \u201Ctoday only\u201D!',
  'Hi {name} 🎉 your reward of {n} points is waiting 🎁 Tap to claim 👉 https://ex.co/r',
  'Привет, {name}! Ваш код: {n}. Никому его не сообщайте.',
];

/** Personalised campaign bodies: mostly GSM-7, a share of UCS-2 (Hindi, smart quotes, emoji, Cyrillic). */
export function generateMessages(random: Random, count: number): string[] {
  const messages: string[] = new Array<string>(count);
  for (let index = 0; index < count; index++) {
    const template = random.next() < 0.75 ? random.pick(GSM_TEMPLATES) : random.pick(UNICODE_TEMPLATES);
    messages[index] = template.replaceAll('{name}', random.pick(FIRST_NAMES)).replaceAll('{n}', String(random.int(100000)));
  }
  return messages;
}
