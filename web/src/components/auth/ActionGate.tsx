import type { ReactNode } from 'react';
import type { Permission } from '../../api/permissions.js';
import { SignInLink } from './SignInLink.js';

/**
 * An action the reader may or may not take: the action itself when allowed, otherwise its label
 * shown disabled with the reason (and a sign-in link when signing in could help).
 */
export function ActionGate({
  permission,
  label,
  children,
}: {
  permission: Permission;
  label: string;
  children: ReactNode;
}) {
  if (permission.allowed) return <>{children}</>;
  return (
    <span className="action-gate">
      <span className="action-gate__label" aria-disabled="true">
        {label}
      </span>
      <span className="action-gate__reason">
        {permission.signIn ? <SignInLink>{permission.reason}</SignInLink> : permission.reason}
      </span>
    </span>
  );
}
