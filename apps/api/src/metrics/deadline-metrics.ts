/**
 * The deadline process manager's metrics: whether this process holds the deadline lock, when
 * it last looked at the time, and what it wrote. Its state lives in DeadlineProcess (libs/runtime,
 * which imports no metrics library): the gauges read it at scrape time, the counter is told.
 */
import type { DeadlineProcess } from '@app/runtime';
import type { ApiMetrics } from './api-metrics.js';

/** Registers the gauges and the counter; the function returned stops counting. */
export function registerDeadlineMetrics(metrics: ApiMetrics, process: DeadlineProcess): () => void {
  metrics.addGauge({
    name: 'blocs_deadline_process_active',
    help: 'Whether this process holds the deadline lock and tracks the deadlines (1) or stands by (0)',
    read: () => [{ value: process.isActive ? 1 : 0 }],
  });
  metrics.addGauge({
    name: 'blocs_deadline_process_last_tick_timestamp_seconds',
    help: 'When this process last completed a look at the deadlines (Unix time); absent before its first',
    read: () => {
      const at = process.lastTickAt;
      return at === undefined ? [] : [{ value: at / 1000 }];
    },
  });
  const written = metrics.addCounter(
    'blocs_deadline_events_written_total',
    'Events the deadline process manager appended (DeadlineReminder, DeadlinePassed), by type',
    ['type'],
  );
  return process.observe({
    wrote: (types) => types.forEach((type) => written.inc({ type })),
  });
}
