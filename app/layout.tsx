import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ExposureBanner } from '@/components/ui/exposure-banner';
import './globals.css';

export const metadata: Metadata = {
  title: 'Switchboard',
  description: 'A live map of where Kubernetes Services send traffic.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme attribute is set by the client after hydration (saved choice), so it may differ.
    <html lang="en" suppressHydrationWarning>
      <body className="bg-bg text-fg antialiased">
        <ExposureBanner />
        {children}
      </body>
    </html>
  );
}
