/**
 * The API's Prometheus metrics, in a registry of its own (several applications may run in one
 * process, as the e2e specs do): commands by type and outcome and their latency, the event
 * store's group commits, the read models' lag, Node's own process metrics, and a small
 * registration API for state kept elsewhere (webhook deliveries, the deadline process manager).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GroupCommit } from '@app/event-store';

/** One sample of a gauge read at scrape time. */
export interface GaugeSample {
  readonly labels?: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/** A gauge whose value lives elsewhere and is read when Prometheus scrapes. */
export interface ReadGauge {
  /** `blocs_…`, Prometheus style: snake case, the unit last (`_seconds`, `_total`). */
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  readonly read: () => readonly GaugeSample[] | Promise<readonly GaugeSample[]>;
}

/** What a command came to: written, refused by a rule or the edge (4xx), or failed (5xx). */
export type CommandOutcome = 'accepted' | 'refused' | 'failed';

export class ApiMetrics {
  readonly registry = new Registry();

  private readonly commands = new Counter({
    name: 'blocs_commands_total',
    help: 'Commands received, by type, outcome and error code (empty when accepted)',
    labelNames: ['command', 'outcome', 'code'] as const,
    registers: [this.registry],
  });

  private readonly commandSeconds = new Histogram({
    name: 'blocs_command_duration_seconds',
    help: 'Time from receiving a command to its answer, by type and outcome',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly groupCommitAppends = new Histogram({
    name: 'blocs_group_commit_appends',
    help: 'Appends (commands) written by one event-store transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers: [this.registry],
  });

  private readonly groupCommitEvents = new Histogram({
    name: 'blocs_group_commit_events',
    help: 'Events written by one event-store transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 5000],
    registers: [this.registry],
  });

  private readonly groupCommitSeconds = new Histogram({
    name: 'blocs_group_commit_duration_seconds',
    help: 'One event-store transaction from BEGIN to COMMIT, its flush to disk (fsync) included; committed="false" when it wrote nothing',
    labelNames: ['committed'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** One command answered after `seconds`, with its HTTP status and, when refused, its error code. */
  commandAnswered(command: string, status: number, code: string | undefined, seconds: number): void {
    const outcome: CommandOutcome = status < 400 ? 'accepted' : status < 500 ? 'refused' : 'failed';
    this.commands.inc({ command, outcome, code: outcome === 'accepted' ? '' : (code ?? String(status)) });
    this.commandSeconds.observe({ command, outcome }, seconds);
  }

  groupCommitted(commit: GroupCommit): void {
    this.groupCommitAppends.observe(commit.appends);
    this.groupCommitEvents.observe(commit.events);
    this.groupCommitSeconds.observe({ committed: String(commit.committed) }, commit.seconds);
  }

  /**
   * Adds a gauge read at scrape time. For example, at merge, the webhook deliveries:
   * `metrics.addGauge({ name: 'blocs_webhook_deliveries', help: 'Deliveries by status',
   * labelNames: ['status'], read: async () => (await deliveries.countByStatus()).map(({status,
   * count}) => ({ labels: { status }, value: count })) })`.
   */
  addGauge({ name, help, labelNames = [], read }: ReadGauge): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const samples = await read();
        this.reset();
        for (const { labels = {}, value } of samples) this.set(labels, value);
      },
    });
  }

  /** Adds a counter its owner increments (for example, webhook deliveries that failed for good). */
  addCounter<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[] = [],
  ): Counter<Label> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
