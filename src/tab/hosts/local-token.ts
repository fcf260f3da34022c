/**
 * Local demo only: tokens for the review service's API from the local stack's token issuer, for the
 * person chosen at the local sign-in. Kept until a minute before they expire.
 */
export function localApiTokenGetter(tokenUrl: string, email: string): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (cached && cached.expiresAt - 60_000 > Date.now()) return cached.token;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!response.ok || !body.access_token)
      throw new Error(
        `The local sign-in could not issue a token for ${email}: ${body.error ?? response.status}.`,
      );
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
    return cached.token;
  };
}
