/** The console's shell: who is signed in, the navigation, and the page of the current address. */
import { useState } from 'preact/hooks';
import { principalOf, type Principal, storedToken, storeToken } from './api';
import { Link } from './components/common';
import { ROLE_LABELS } from './labels';
import { AuditPage } from './pages/audit-page';
import { BlocPage } from './pages/bloc-page';
import { BlocsPage } from './pages/blocs-page';
import { CyclePage } from './pages/cycle-page';
import { SignInPage } from './pages/sign-in-page';
import { useRoute } from './router';

export function App() {
  const [principal, setPrincipal] = useState<Principal | null>(() => {
    const token = storedToken();
    return token === null ? null : principalOf(token);
  });
  const route = useRoute();
  const signOut = (): void => {
    storeToken(null);
    setPrincipal(null);
  };

  return (
    <>
      <a class="skip" href="#main">
        Chuyển đến nội dung chính
      </a>
      <header class="top">
        <p class="brand">
          <Link href="/">Khối thi đua</Link>
        </p>
        {principal !== null && (
          <nav aria-label="Điều hướng chính">
            <Link href="/">Các khối</Link>
            {principal.role !== 'unit' && <Link href="/audit">Nhật ký kiểm tra</Link>}
          </nav>
        )}
        {principal !== null && (
          <div class="who">
            <span aria-label="Người đang đăng nhập">
              {principal.name ?? principal.sub} · {ROLE_LABELS[principal.role] ?? principal.role}
              {principal.unit !== undefined ? ` · ${principal.unit}` : ''}
              {principal.province !== undefined ? ` · ${principal.province}` : ''}
            </span>
            <button type="button" onClick={signOut}>
              Đăng xuất
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {principal === null ? (
          <SignInPage onSignedIn={setPrincipal} />
        ) : route.page === 'blocs' ? (
          <BlocsPage />
        ) : route.page === 'bloc' ? (
          <BlocPage blocId={route.blocId} />
        ) : route.page === 'cycle' ? (
          <CyclePage blocId={route.blocId} year={route.year} principal={principal} />
        ) : route.page === 'audit' ? (
          <AuditPage />
        ) : (
          <p>
            Không có trang này. <Link href="/">Về danh sách khối</Link>
          </p>
        )}
      </main>
    </>
  );
}
