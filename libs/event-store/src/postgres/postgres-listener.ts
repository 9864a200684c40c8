/**
 * The dedicated PostgreSQL connection that LISTENs for the appends any process commits, and
 * reports when it is lost.
 */
import type { Client, Notification, Pool, PoolClient } from 'pg';
import { escapeIdentifier, pgDriver } from './pg-driver.js';

/** The dedicated connection that LISTENs for appends committed by any process. */
export class ListenerConnection {
  private closing = false;

  private constructor(
    private readonly client: Client | PoolClient,
    private readonly release: () => Promise<void>,
  ) {}

  static async open(
    pool: Pool,
    connectionString: string | undefined,
    channel: string,
    events: { onNotification: (notification: Notification) => void; onLost: () => void },
  ): Promise<ListenerConnection> {
    let client: Client | PoolClient;
    let release: () => Promise<void>;
    if (connectionString) {
      const own = new (pgDriver().Client)({ connectionString });
      await own.connect();
      client = own;
      release = () => own.end();
    } else {
      // Without a connection string, borrow a pool client for good and give it back broken,
      // so the pool never hands a LISTENing connection to anyone else.
      const borrowed = await pool.connect();
      client = borrowed;
      release = async () => borrowed.release(true);
    }
    const connection = new ListenerConnection(client, release);
    client.on('notification', events.onNotification);
    client.on('error', () => {
      if (connection.closing) return;
      connection.closing = true;
      void release().catch(() => undefined);
      events.onLost();
    });
    try {
      await client.query(`LISTEN ${escapeIdentifier(channel)}`);
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
    return connection;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.release().catch(() => undefined);
  }
}
