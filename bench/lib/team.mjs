// A team of signed-in people for benchmarks, made through the product's own invitations: socket
// events are rate-limited per user, so many live clients belong to many people, as in real use.

/** Invites `size` viewers (or `role`) and accepts each invitation; resolves to their bearer tokens. */
export async function inviteTeam(url, adminToken, size, { role = 'viewer', prefix = 'bench' } = {}) {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const tokens = [];
  for (let i = 0; i < size; i += 10) {
    const batch = Array.from({ length: Math.min(10, size - i) }, async (_, j) => {
      const email = `${prefix}-${i + j}-${Date.now()}@team.bench`;
      const invite = await fetch(`${url}/api/admin/invites`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email, role }),
      });
      if (invite.status !== 201) throw new Error(`invite answered ${invite.status}: ${await invite.text()}`);
      const link = (await invite.json()).url;
      const accepted = await fetch(`${url}/api${link.replace(/^\/invite\//, '/invites/')}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: `Bench person ${i + j}`, password: 'bench-password-long' }),
      });
      if (!accepted.ok) throw new Error(`accept answered ${accepted.status}: ${await accepted.text()}`);
      return (await accepted.json()).token;
    });
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}
