/**
 * A year's nominations for the province's honours: each with its status and the steps of its
 * file (submitted, returned with a reason, forwarded, the council's vote, the decision).
 */
import { formatDate } from '../format';
import { AWARDS, NOMINATION_STATUS, NOMINATION_STEPS } from '../labels';
import { nameOf } from '../pages/bloc-page';
import type { Member, Nomination } from '../types';
import { Section, Show, useApi } from './common';

export function Nominations({
  blocId,
  year,
  members,
  version,
}: {
  blocId: string;
  year: number;
  members: readonly Member[];
  version: number;
}) {
  const [nominations] = useApi<Nomination[]>(
    `/nominations?blocId=${encodeURIComponent(blocId)}&year=${year}`,
    version,
  );
  return (
    <Section title="Đề nghị khen thưởng" id="nominations">
      <Show loaded={nominations} empty="Chưa có đề nghị khen thưởng nào">
        {(list) => (
          <ul class="nominations">
            {list.map((nomination) => {
              const unit = members.some((m) => m.unitId === nomination.unitId)
                ? nameOf(members, nomination.unitId)
                : nomination.unitName;
              const title = `${AWARDS[nomination.award] ?? nomination.award} cho ${unit}`;
              return (
                <li key={nomination.nominationId}>
                  <article aria-label={`Đề nghị ${title}`}>
                    <h3>
                      {title}{' '}
                      <span class="badge soft">
                        {NOMINATION_STATUS[nomination.status] ?? nomination.status}
                      </span>
                    </h3>
                    <ol class="history" aria-label={`Quá trình xét: ${title}`}>
                      {nomination.history.map((step, index) => (
                        <li key={`${step.type}-${index}`}>
                          <time dateTime={step.at}>{formatDate(step.at)}</time>{' '}
                          {NOMINATION_STEPS[step.type] ?? step.type}
                          {step.reason !== undefined && <span class="muted">: {step.reason}</span>}
                        </li>
                      ))}
                    </ol>
                    <p class="muted">Hồ sơ gồm {nomination.documents.length} văn bản</p>
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </Show>
    </Section>
  );
}
