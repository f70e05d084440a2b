'use strict';
// Part 4: HITL approvals waiting for a person (sessions.md §4): each with what the page showed
// (its screenshot), the amount and two buttons. Polls the sessions API; text only, never markup.
const APPROVALS_MS = 2000;
const shownApprovals = new Map(); // approval_id → {li, url}

async function decide(a, verdict, li) {
  for (const b of li.querySelectorAll('button')) b.disabled = true;
  const r = await fetch(`${API}/sessions/${encodeURIComponent(a.session_id)}/approvals/${encodeURIComponent(a.approval_id)}/${verdict}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  li.querySelector('.verdict').textContent = r.ok ? (verdict === 'approve' ? 'approved: the action ran' : 'denied') : `failed (HTTP ${r.status})`;
  setTimeout(refreshApprovals, 300);
}

function approvalItem(a) {
  const li = el('li', 'approval');
  li.dataset.approvalId = a.approval_id;
  const amount = a.amount_cents === null ? 'amount unknown' : `${(a.amount_cents / 100).toFixed(2)} ${a.currency}`;
  li.append(el('div', 'title', `${a.action} — ${amount}`), el('div', 'url', a.evidence_text), el('div', 'url', `session ${shortId(a.session_id)} · ${a.reason}`));
  let url = null;
  if (a.screenshot) {
    const bytes = Uint8Array.from(atob(a.screenshot.data), (c) => c.charCodeAt(0));
    url = URL.createObjectURL(new Blob([bytes], { type: `image/${a.screenshot.format}` }));
    const img = el('img'); img.alt = 'the page when the action was held'; img.src = url; li.append(img);
  }
  const approve = el('button', 'approve', 'Approve'); approve.type = 'button';
  const deny = el('button', 'deny', 'Deny'); deny.type = 'button';
  approve.addEventListener('click', () => void decide(a, 'approve', li));
  deny.addEventListener('click', () => void decide(a, 'deny', li));
  li.append(approve, deny, el('span', 'verdict'));
  return { li, url };
}

async function refreshApprovals() {
  let sessions;
  try { sessions = await get('/sessions?status=paused_hitl'); } catch { return; } // a daemon without sessions
  const pending = [];
  for (const s of sessions) {
    try { for (const a of await get(`/sessions/${encodeURIComponent(s.session_id)}/approvals`)) if (a.status === 'pending') pending.push(a); } catch { /* ended meanwhile */ }
  }
  const wanted = new Set(pending.map((a) => a.approval_id));
  for (const [id, shown] of shownApprovals) {
    if (!wanted.has(id)) { if (shown.url) URL.revokeObjectURL(shown.url); shown.li.remove(); shownApprovals.delete(id); }
  }
  for (const a of pending) {
    if (shownApprovals.has(a.approval_id)) continue;
    const item = approvalItem(a);
    shownApprovals.set(a.approval_id, item);
    $('approvals').append(item.li);
  }
  $('approvals-box').hidden = shownApprovals.size === 0;
}

setInterval(() => void refreshApprovals(), APPROVALS_MS);
void refreshApprovals();
