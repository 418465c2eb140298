import pg from 'pg';

/** PostgreSQL channel on which revoked session digests (hex) are announced, comma-separated. */
export const REVOCATION_CHANNEL = 'sigma_session_revoked';

/**
 * Keeps a LISTEN connection to PostgreSQL so every worker hears about revoked sessions. The revoking transaction
 * calls pg_notify, which PostgreSQL delivers only if and when that transaction commits. While the connection is
 * down, `listening` is false and the caller must not trust anything it cached (notifications may be missed).
 */
export class RevocationListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  listening = false;

  constructor(
    private readonly clientConfig: pg.ClientConfig,
    private readonly onRevoked: (digestsHex: string[]) => void,
    private readonly onLost: () => void,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect() {
    if (this.stopped) return;
    const client = new pg.Client({ ...this.clientConfig, application_name: 'sigma-pli-revocations' });
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      this.onLost();
      client.end().catch(() => {});
      if (!this.stopped) this.retry = setTimeout(() => void this.connect(), 2_000).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === REVOCATION_CHANNEL && message.payload)
        this.onRevoked(message.payload.split(','));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
      if (this.client === client) this.listening = true;
    } catch {
      lost();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
