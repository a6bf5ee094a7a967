import { deleteApp, initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, GoogleAuthProvider, OAuthProvider, signInWithPopup, type UserCredential } from 'firebase/auth';

interface InitConfig {
  projectId: string;
  apiKey: string;
  authDomain: string;
  authEmulatorUrl?: string;
}

/**
 * What Herald needs from a Google Workspace super admin's own sign-in, all read-only: whose token
 * it is (email), the customer and its domains, and that the signer is a super admin (users.get).
 */
export const GOOGLE_PROOF_SCOPES = [
  'email',
  'https://www.googleapis.com/auth/admin.directory.customer.readonly',
  'https://www.googleapis.com/auth/admin.directory.domain.readonly',
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
];

/**
 * Signs the customer's admin in with their identity provider in a separate Firebase app, so the
 * console's own session is untouched, and hands back the provider's credential: the proof the
 * tenant-trust API checks with Google or Microsoft. The separate app is deleted afterwards.
 */
async function withProofSignIn<T>(provider: GoogleAuthProvider | OAuthProvider, take: (result: UserCredential) => T | null): Promise<T> {
  const config = (await (await fetch('/__/firebase/init.json')).json()) as InitConfig;
  const app = initializeApp({ apiKey: config.apiKey, authDomain: config.authDomain, projectId: config.projectId }, `proof-${Date.now()}`);
  try {
    const auth = getAuth(app);
    if (config.authEmulatorUrl) connectAuthEmulator(auth, config.authEmulatorUrl, { disableWarnings: true });
    const value = take(await signInWithPopup(auth, provider));
    if (value === null) throw new Error('The sign-in did not return the credential Herald needs; try again.');
    return value;
  } finally {
    await deleteApp(app);
  }
}

/** A Google Workspace super admin's OAuth access token with the read-only scopes above. */
export function googleAdminAccessToken(): Promise<string> {
  const provider = new GoogleAuthProvider();
  for (const scope of GOOGLE_PROOF_SCOPES) provider.addScope(scope);
  provider.setCustomParameters({ prompt: 'consent' });
  return withProofSignIn(provider, (result) => GoogleAuthProvider.credentialFromResult(result)?.accessToken ?? null);
}

/** The Microsoft ID token of the admin who granted consent (its `tid` is what gets bound). */
export function microsoftAdminIdToken(): Promise<string> {
  const provider = new OAuthProvider('microsoft.com');
  provider.setCustomParameters({ prompt: 'select_account' });
  return withProofSignIn(provider, (result) => OAuthProvider.credentialFromResult(result)?.idToken ?? null);
}
