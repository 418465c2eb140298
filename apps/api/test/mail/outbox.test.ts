import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { createMailer, deliverDueEmails, type Mailer } from '../../src/mail/outbox-worker';
import type { OutgoingEmail } from '../../src/repositories/outbox';
import { enqueueEmail } from '../../src/repositories/outbox';
import { buildTestApp } from '../helpers/app';
import { startSmtpServer } from '../helpers/smtp';

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const capture = () => {
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: async (email) => void sent.push(email) };
  return { sent, mailer };
};

describe('e-mail outbox', () => {
  it('sends only committed messages, then erases their bodies', async () => {
    await enqueueEmail(app.db.write, { to: 'a@orgao.example.com', subject: 'um', text: 'link token=abc' });
    await app.db
      .transaction(async (client) => {
        await enqueueEmail(client, { to: 'b@orgao.example.com', subject: 'dois', text: 'rolled back' });
        throw new Error('abort');
      })
      .catch(() => {});
    const { sent, mailer } = capture();
    expect(await deliverDueEmails(app.db.write, mailer)).toBe(1);
    expect(sent).toEqual([
      {
        id: expect.any(Number),
        attempts: 0,
        to: 'a@orgao.example.com',
        subject: 'um',
        text: 'link token=abc',
      },
    ]);
    const { rows } = await app.db.write.query(
      'SELECT corpo, enviado_em IS NOT NULL AS sent FROM usuarios.outbox_email',
    );
    expect(rows).toEqual([{ corpo: null, sent: true }]);
    expect(await deliverDueEmails(app.db.write, mailer)).toBe(0);
  });

  it('backs off after a failure and never lets two workers send the same message', async () => {
    await enqueueEmail(app.db.write, { to: 'c@orgao.example.com', subject: 'três', text: 'corpo' });
    const failing: Mailer = {
      send: async () => {
        throw new Error('SMTP 421 try later');
      },
    };
    expect(await deliverDueEmails(app.db.write, failing)).toBe(0);
    const { rows } = await app.db.write.query(
      "SELECT tentativas, ultimo_erro, enviar_apos > now() AS later FROM usuarios.outbox_email WHERE assunto = 'três'",
    );
    expect(rows).toEqual([{ tentativas: 1, ultimo_erro: 'SMTP 421 try later', later: true }]);

    await app.db.write.query("UPDATE usuarios.outbox_email SET enviar_apos = now() WHERE assunto = 'três'");
    const first = capture();
    const second = capture();
    const slow: Mailer = {
      send: (email) => new Promise((resolve) => setTimeout(() => resolve(first.mailer.send(email)), 200)),
    };
    const counts = await Promise.all([
      deliverDueEmails(app.db.write, slow),
      deliverDueEmails(app.db.write, second.mailer),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(first.sent.length + second.sent.length).toBe(1);
  });

  it('delivers through SMTP when SMTP_URL is set', async () => {
    const smtp = await startSmtpServer();
    try {
      const mailer = createMailer({ ...app.config, SMTP_URL: smtp.url }, app.log)!;
      await enqueueEmail(app.db.write, {
        to: 'd@orgao.example.com',
        subject: 'Assunto de teste',
        text: 'Olá, mundo',
      });
      expect(await deliverDueEmails(app.db.write, mailer)).toBe(1);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(['<d@orgao.example.com>']);
      expect(smtp.received[0]!.data).toContain('Subject: Assunto de teste');
      expect(smtp.received[0]!.data).toContain(app.config.MAIL_FROM.replace(/.*</, '').replace('>', ''));
    } finally {
      await smtp.stop();
    }
  });

  it('leaves mail queued in production without SMTP_URL', () => {
    expect(
      createMailer({ ...app.config, NODE_ENV: 'production', SMTP_URL: undefined }, app.log),
    ).toBeUndefined();
  });
});
