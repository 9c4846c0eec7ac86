// The demo federation completed through the JSON API, shared by the browser tests: members, a
// secretary, a closed and a running election, an accredited and checked-in delegate with a card,
// a closed session with minutes and an open one with a vote in progress.
import assert from 'node:assert/strict';
import { api } from './harness.js';

export const slug = 'asamblea-popular-1971';

/** Creates what the demo lacks; returns the admin's token, the pages made, and the people and
 * things in them (the delegate's card code, the secretary's, the open session and its item). */
export async function populate(server) {
  const setupToken = server.setupLink.split('/').pop();
  const admin = (await api(server, 'POST', '/api/v1/setup', null,
    { token: setupToken, username: 'admin', display_name: 'Secretaría General', password: 'una contraseña larga' })).token;
  const me = await api(server, 'GET', '/api/v1/me', admin);
  const assembly = (await api(server, 'GET', '/api/v1/assemblies')).find((a) => a.slug === slug).id;
  for (const role of ['credentials', 'presidium', 'teller']) {
    await api(server, 'POST', `/api/v1/assemblies/${slug}/roles`, admin, { account_id: me.id, role });
  }

  const seats = await api(server, 'GET', `/api/v1/assemblies/${slug}/seats`);
  const orgs = seats.sectors.flatMap((s) => s.organizations).filter((o) => o.seats > 0);
  const fstpb = orgs.find((o) => o.short_name === 'FSTPB');
  const other = orgs.find((o) => o.id !== fstpb.id);

  // A secretary of the organization, and members with the long names and e-mails of real life.
  const secretary = await api(server, 'POST', '/api/v1/accounts', admin,
    { username: 'secretaria.actas.fstpb', display_name: 'Secretaría de Actas FSTPB', role: 'secretary' });
  await api(server, 'POST', `/api/v1/organizations/${fstpb.id}/secretaries`, admin, { account_id: secretary.id });
  const names = ['Rosa Condori Mamani', 'Mario Quispe Huanca', 'Teresa Mamani de Choque', 'Juan Evangelista Limachi Flores'];
  const members = [];
  for (const [i, name] of names.entries()) {
    members.push((await api(server, 'POST', `/api/v1/organizations/${fstpb.id}/members`, admin, {
      member_number: `FSTPB-2024-${String(i + 1).padStart(5, '0')}`, name,
      phone: '+591 2 2401234', email: `${name.toLowerCase().replaceAll(' ', '.')}@sindicato-fabriles-la-paz.org.bo`,
    })).id);
  }

  // A closed election: its delegates go to the credentials commission.
  const election = (await api(server, 'POST', '/api/v1/elections', admin,
    { assembly_id: assembly, organization_id: fstpb.id, method: 'plurality', substitutes: 1 })).id;
  const candidates = [];
  for (const m of members.slice(0, 3)) {
    candidates.push((await api(server, 'POST', `/api/v1/elections/${election}/candidates`, admin, { member_id: m })).id);
  }
  const codes = await api(server, 'POST', `/api/v1/elections/${election}/voting`, admin, { confirm: true });
  for (const [i, c] of codes.entries()) {
    await api(server, 'POST', '/api/v1/vote', null, { code: c.code, choices: [String(candidates[i % 2])] });
  }
  await api(server, 'POST', `/api/v1/elections/${election}/close`, admin, {});

  // Credentials: the first delegate accredited (and checked in), the others left pending.
  const delegates = await api(server, 'GET', `/api/v1/assemblies/${slug}/delegates?organization_id=${fstpb.id}`);
  assert.ok(delegates.length > 0, 'the election registered delegates');
  const accredited = await api(server, 'POST', `/api/v1/delegates/${delegates[0].id}/accredit`, admin,
    { reason: 'Acta de elección y credencial firmadas por la directiva' });
  // The delegate's phone asks for a pickup, the commission approves it, the phone collects.
  const pickup = await api(server, 'POST', '/api/v1/card-pickups', null, {});
  await api(server, 'POST', `/api/v1/delegates/${delegates[0].id}/card`, admin, { pickup: pickup.number });
  const cardCode = (await api(server, 'POST', '/api/v1/card-pickups/collect', null, { secret: pickup.secret })).card_code;
  await api(server, 'POST', `/api/v1/assemblies/${slug}/check-in`, admin, { badge: accredited.badge });
  const delegate = (await api(server, 'POST', '/api/v1/session', null, { card_code: cardCode })).token;

  // A second election, still voting.
  const otherMembers = [];
  for (const [i, name] of ['Felipa Ticona', 'Gregorio Apaza Nina'].entries()) {
    otherMembers.push((await api(server, 'POST', `/api/v1/organizations/${other.id}/members`, admin,
      { member_number: `${i + 1}`, name })).id);
  }
  const running = (await api(server, 'POST', '/api/v1/elections', admin,
    { assembly_id: assembly, organization_id: other.id, method: 'approval', substitutes: 0 })).id;
  for (const m of otherMembers) await api(server, 'POST', `/api/v1/elections/${running}/candidates`, admin, { member_id: m });
  await api(server, 'POST', `/api/v1/elections/${running}/voting`, admin, { confirm: true });

  // A closed session: an item with a speaker, a motion, an amendment and two votes; then minutes.
  const closed = await api(server, 'POST', '/api/v1/sessions', admin,
    { assembly_id: assembly, title: 'Sesión inaugural de la Asamblea Popular', planned_at: '1971-06-22 09:00' });
  const item = await api(server, 'POST', `/api/v1/sessions/${closed.id}/items`, admin, {
    title: 'Huelga general e insurrección en caso de golpe de Estado',
    description: 'Informe de la comisión política sobre la defensa de la Asamblea.',
    planned_minutes: 90, links: 'https://www.example.org/documentos/tesis-de-pulacayo-1946-texto-completo.pdf',
  });
  await api(server, 'POST', `/api/v1/sessions/${closed.id}/items`, admin, { title: 'Reglamento de debates' });
  await api(server, 'POST', `/api/v1/sessions/${closed.id}/open`, admin, {});
  await api(server, 'POST', `/api/v1/items/${item.id}/open`, admin, {});
  await api(server, 'POST', `/api/v1/items/${item.id}/speakers`, delegate, { kind: 'for' });
  await api(server, 'POST', `/api/v1/items/${item.id}/speakers/next`, admin, {});
  const motion = await api(server, 'POST', '/api/v1/motions', delegate, {
    item_id: item.id, title: 'Declarar la huelga general indefinida',
    body: 'La Asamblea Popular declara la huelga general indefinida con ocupación de minas y fábricas.\n\nLos comités de huelga se coordinan con el Comando Político.',
  });
  const amendment = await api(server, 'POST', '/api/v1/motions', delegate,
    { item_id: item.id, parent_id: motion.id, op: 'replace', paragraph: 2, body: 'Los comités de huelga responden a la Asamblea.' });
  const procedure = await api(server, 'POST', '/api/v1/votes', admin,
    { session_id: closed.id, item_id: item.id, subject: 'procedure', question: '¿Se declara la sesión permanente?' });
  await api(server, 'POST', `/api/v1/votes/${procedure.id}/ballots`, delegate, { choice: 'yes' });
  await api(server, 'POST', `/api/v1/votes/${procedure.id}/close`, admin, {});
  const onAmendment = await api(server, 'POST', '/api/v1/votes', admin,
    { session_id: closed.id, item_id: item.id, subject: 'motion', motion_id: amendment.id });
  await api(server, 'POST', `/api/v1/votes/${onAmendment.id}/ballots`, delegate, { choice: 'no' });
  await api(server, 'POST', `/api/v1/votes/${onAmendment.id}/close`, admin, {});
  const onMotion = await api(server, 'POST', '/api/v1/votes', admin,
    { session_id: closed.id, item_id: item.id, subject: 'motion', motion_id: motion.id });
  await api(server, 'POST', `/api/v1/votes/${onMotion.id}/ballots`, delegate, { choice: 'yes' });
  await api(server, 'POST', `/api/v1/votes/${onMotion.id}/close`, admin, {});
  await api(server, 'POST', `/api/v1/items/${item.id}/close`, admin, {});
  // Its second item stays pending: closing says so (confirm).
  await api(server, 'POST', `/api/v1/sessions/${closed.id}/close`, admin, { confirm: true });

  // An open session with a secret vote among options in progress.
  const open = await api(server, 'POST', '/api/v1/sessions', admin, { assembly_id: assembly, title: 'Segunda sesión' });
  const openItem = await api(server, 'POST', `/api/v1/sessions/${open.id}/items`, admin, { title: 'Elección de la comisión de prensa' });
  await api(server, 'POST', `/api/v1/sessions/${open.id}/open`, admin, {});
  await api(server, 'POST', `/api/v1/items/${openItem.id}/open`, admin, {});
  const choice = await api(server, 'POST', '/api/v1/votes', admin, {
    session_id: open.id, item_id: openItem.id, subject: 'procedure', question: '¿Qué periódico publica las actas?',
    method: 'choose_one', options: ['El Diario', 'Presencia', 'Boletín de la Asamblea Popular'], secret: true,
  });

  const pages = [
    `/organizations/${fstpb.id}`, `/elections/${election}`, `/elections/${running}`,
    `/delegates/${delegates[0].id}`, `/assemblies/${slug}/delegates`, `/assemblies/${slug}/elections`,
    `/assemblies/${slug}/sessions`, `/sessions/${closed.id}`, `/sessions/items/${item.id}`,
    `/sessions/votes/${procedure.id}`, `/sessions/votes/${onMotion.id}`, `/sessions/${closed.id}/minutes`,
    `/sessions/${open.id}`, `/sessions/items/${openItem.id}`, `/sessions/votes/${choice.id}`,
  ];
  return { admin, pages, assembly, cardCode, delegate, secretaryCard: secretary.card_code, delegates,
    open, openItem, choice, fstpb };
}

