import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { connection } from "next/server";
import { TrpcProvider } from "@/components/trpc/TrpcProvider";
import "./globals.css";

export const metadata: Metadata = {
  title: "AutoIF Studio",
  description: "Build verified instruction-following data the AutoIF way.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request so Next can put proxy.ts's CSP nonce on its inline scripts.
  await connection();
  return (
    <html lang="en">
      <body>
        <TrpcProvider>
          <header className="topbar">
            <Link href="/" className="brand">
              AutoIF Studio
            </Link>
            <nav aria-label="Main" className="topnav" style={{ display: "flex", gap: 16 }}>
              <Link href="/">Projects</Link>
              <Link href="/playground">Verifier playground</Link>
            </nav>
          </header>
          <div className="app-body">{children}</div>
        </TrpcProvider>
      </body>
    </html>
  );
}
