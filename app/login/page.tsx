import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/LoginForm";
import { safeNext } from "@/server/security/safeNext";
import { tokenRequired } from "@/server/security/signIn";

export default async function LoginPage(props: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNext((await props.searchParams).next);
  if (!tokenRequired()) redirect(next);
  return (
    <main className="page" style={{ maxWidth: 420 }}>
      <h1>Sign in</h1>
      <p>
        This studio is shared beyond its own machine; enter the access token it was started with
        (AUTOIF_TOKEN).
      </p>
      <LoginForm next={next} />
    </main>
  );
}
