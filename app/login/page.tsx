import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/LoginForm";
import { tokenRequired } from "@/server/security/signIn";

/** Only a local path may be the destination after signing in, never another site. */
function safeNext(next: string | string[] | undefined) {
  const value = Array.isArray(next) ? next[0] : next;
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

export default async function LoginPage(props: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNext((await props.searchParams).next);
  if (!tokenRequired()) redirect(next);
  return (
    <main className="page" style={{ maxWidth: 420 }}>
      <h1>Sign in</h1>
      <p>This studio is shared beyond its own machine; enter the access token it was started with (AUTOIF_TOKEN).</p>
      <LoginForm next={next} />
    </main>
  );
}
