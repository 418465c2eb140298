import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type pg from 'pg';
import type { AppConfig } from '../config';
import { inTransaction } from '../db/pools';
import { purgeOldAttempts } from '../repositories/login-attempts';
import { claimDueEmails, markEmailFailed, markEmailSent, type OutgoingEmail } from '../repositories/outbox';

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

/**
 * SMTP when SMTP_URL is set. Without it, development logs each message (so links can be followed locally) and
 * production leaves the messages queued — a missing SMTP_URL must not lose or leak e-mail.
 */
export function createMailer(config: AppConfig, log: FastifyBaseLogger): Mailer | undefined {
  if (config.SMTP_URL) {
    const transport = nodemailer.createTransport(config.SMTP_URL);
    return {
      send: async (email) => {
        await transport.sendMail({
          from: config.MAIL_FROM,
          to: email.to,
          subject: email.subject,
          text: email.text,
        });
      },
    };
  }
  if (config.NODE_ENV === 'development') {
    return {
      send: async (email) => {
        log.info({ mail: email }, 'e-mail (development: logged, not sent)');
      },
    };
  }
  return undefined;
}

/** Sends the due messages of one batch; returns how many were sent. Safe to run in every worker at once. */
export async function deliverDueEmails(pool: pg.Pool, mailer: Mailer, batchSize = 10): Promise<number> {
  return inTransaction(pool, async (client) => {
    let sent = 0;
    for (const email of await claimDueEmails(client, batchSize)) {
      try {
        await mailer.send(email);
        await markEmailSent(client, email.id);
        sent += 1;
      } catch (error) {
        await markEmailFailed(client, email.id, (error as Error).message);
      }
    }
    return sent;
  });
}

const HOUR_MS = 3_600_000;

/**
 * Polls the outbox every `intervalMs` and does hourly housekeeping (old login attempts, long-dead sessions).
 * Returns a stop function that waits for the current run to finish (graceful shutdown).
 */
export function startOutboxWorker(
  pool: pg.Pool,
  mailer: Mailer | undefined,
  log: FastifyBaseLogger,
  intervalMs = 5_000,
) {
  let running: Promise<void> = Promise.resolve();
  let lastHousekeeping = 0;
  const tick = async () => {
    try {
      if (mailer) while ((await deliverDueEmails(pool, mailer)) > 0);
      if (Date.now() - lastHousekeeping > HOUR_MS) {
        lastHousekeeping = Date.now();
        await purgeOldAttempts(pool);
        await pool.query(
          `DELETE FROM usuarios.sessao
            WHERE expira_absoluto_em < now() - interval '30 days'
               OR revogada_em < now() - interval '30 days'`,
        );
      }
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'outbox worker run failed; retrying later');
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
