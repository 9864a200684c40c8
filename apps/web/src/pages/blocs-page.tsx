/** The blocs the signed-in person may see. */
import { Link, Show, useApi } from '../components/common';
import type { Bloc } from '../types';

export function BlocsPage() {
  const [blocs] = useApi<Bloc[]>('/blocs');
  return (
    <>
      <h1>Các khối thi đua</h1>
      <Show loaded={blocs} empty="Chưa có khối thi đua nào">
        {(list) => (
          <ul class="tiles">
            {list.map((bloc) => (
              <li key={bloc.id} class="card">
                <h2>
                  <Link href={`/blocs/${encodeURIComponent(bloc.id)}`}>{bloc.name}</Link>
                </h2>
                <p class="muted">
                  {[bloc.province, `${bloc.members.length} đơn vị thành viên`].filter(Boolean).join(' · ')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Show>
    </>
  );
}
