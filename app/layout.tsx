import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ViewerProvider } from '@/components/auth/viewer-context';
import { ExposureBanner } from '@/components/ui/exposure-banner';
import { viewerInfoOfPage } from '@/lib/auth/page-viewer';
import { PRODUCT } from '@/lib/page-title';
import './globals.css';

export const metadata: Metadata = {
  // Each page names itself (lib/page-title.ts); this is the fallback (404, error).
  title: PRODUCT,
  description: 'A live map of where Kubernetes Services send traffic.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Who is looking, for the signed-in line (components/auth); a ViewerInfo, never a credential.
  const viewer = await viewerInfoOfPage();
  return (
    // The theme attribute is set by the client after hydration (saved choice), so it may differ.
    <html lang="en" suppressHydrationWarning>
      <body className="bg-bg text-fg antialiased">
        <ExposureBanner />
        <ViewerProvider info={viewer}>{children}</ViewerProvider>
      </body>
    </html>
  );
}
