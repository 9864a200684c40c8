/** Sign-in: paste a token; it is checked against the API, then kept in sessionStorage['token']. */
import { useState } from 'preact/hooks';
import { get, principalOf, type Principal, storeToken } from '../api';
import { OutcomeNote, type Outcome } from '../components/common';

export function SignInPage({ onSignedIn }: { onSignedIn: (principal: Principal) => void }) {
  const [token, setToken] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const trimmed = token.trim();
    const principal = principalOf(trimmed);
    if (principal === null) {
      setOutcome({ ok: false, text: 'Mã truy cập không đúng định dạng' });
      return;
    }
    setBusy(true);
    storeToken(trimmed);
    const answer = await get<unknown>('/blocs');
    setBusy(false);
    if (!answer.ok && (answer.status === 401 || answer.status === 403)) {
      storeToken(null);
      setOutcome({ ok: false, text: answer.message });
      return;
    }
    onSignedIn(principal);
  };

  return (
    <section class="card narrow" aria-labelledby="sign-in">
      <h1 id="sign-in">Đăng nhập</h1>
      <p>Dán mã truy cập (token) do Ban Thi đua - Khen thưởng cấp.</p>
      <form onSubmit={submit}>
        <label for="token">Mã truy cập</label>
        <textarea
          id="token"
          rows={5}
          value={token}
          onInput={(event) => setToken((event.currentTarget as HTMLTextAreaElement).value)}
          autoComplete="off"
          spellcheck={false}
          required
        />
        <button type="submit" disabled={busy}>
          Đăng nhập
        </button>
      </form>
      <OutcomeNote outcome={outcome} />
    </section>
  );
}
