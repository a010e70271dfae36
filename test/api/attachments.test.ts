// Attachments (issue 13): customers attach files on the public form and in the
// portal (multipart; limits on size, count and type, the type read from the
// bytes); staff see them and email attachments in the case, preview images and
// PDFs inline and download everything with headers that never render HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { multipart, PDF, PNG } from '../helpers/multipart.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';
import { safeFilename, sniffFileType } from '../../src/domain/file-types.ts';

const code = (r: { statusCode: number; body: string }) => [r.statusCode, JSON.parse(r.body).error?.code];

describe('file types by their bytes (pure)', () => {
  it('knows images, PDF, text and office containers; refuses markup, executables and renamed files', () => {
    expect(sniffFileType(PNG)?.contentType).toBe('image/png');
    expect(sniffFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.contentType).toBe('image/jpeg');
    expect(sniffFileType(PDF)?.kind).toBe('pdf');
    expect(sniffFileType(Buffer.from('Order 4711, two vases\n'))?.kind).toBe('text');
    expect(sniffFileType(Buffer.from('PK\u0003\u0004rest'), 'report.docx')?.kind).toBe('office');
    expect(sniffFileType(Buffer.from('PK\u0003\u0004rest'), 'archive.zip')).toBeNull();
    expect(sniffFileType(Buffer.from('MZ\u0090\u0000'), 'invoice.docx')).toBeNull();
    expect(sniffFileType(Buffer.from('<!DOCTYPE html><script>x</script>'), 'photo.png')).toBeNull();
    expect(sniffFileType(Buffer.from('  <svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffFileType(Buffer.from([0xc3, 0x28]))).toBeNull();
    expect(safeFilename('../../etc/"passwd"')).toBe('_passwd_');
    expect(safeFilename('Fotogrāfija 1.jpg')).toBe('Fotogrāfija 1.jpg');
    expect(safeFilename('')).toBe('attachment');
  });
});

describe.each(TARGETS)('attachments on %s', (target) => {
  let t: TestApp;
  let mta: string;
  beforeAll(async () => {
    t = await createTestApp(target, { UPLOAD_MAX_BYTES: 4096, UPLOAD_MAX_FILES: 2, ATTACHMENT_MAX_BYTES: 2000 });
    mta = (await createApiToken(t.database.db, { name: 'mta', role: 'agent', scopes: ['channels:ingest'] })).token;
  });
  afterAll(async () => {
    await t?.close();
  });
  const postForm = (fields: Record<string, string>, files: Parameters<typeof multipart>[1] = [], headers: Record<string, string> = {}) => {
    const m = multipart(fields, files);
    return t.app.inject({ method: 'POST', url: '/api/v1/public/complaints', headers: { ...m.headers, ...headers }, payload: m.payload });
  };
  /** The staff view of the case a portal link belongs to. */
  const caseByNumber = async (number: string) => {
    const list = await t.call('agent', 'GET', `/api/v1/cases?limit=200`);
    const id = list.data.items.find((c: { number: string }) => c.number === number).id;
    return (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data;
  };

  it('the public form still takes JSON, and takes multipart with a photo that staff then preview', async () => {
    const json = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Ilze', email: 'ilze@example.com', body: 'The bag tore on the first day.' });
    expect(json.statusCode).toBe(201);
    expect((await caseByNumber(json.data.caseNumber)).attachments).toEqual([]);
    const r = await postForm({ name: 'Marta', email: 'marta@example.com', body: 'The vase arrived broken, see the photo.', language: 'en' }, [
      { name: 'files', filename: 'vase.png', type: 'image/png', content: PNG },
      { name: 'files', filename: 'receipt.pdf', type: 'application/octet-stream', content: PDF },
    ]);
    expect(r.statusCode).toBe(201);
    const { caseNumber } = JSON.parse(r.body);
    const c = await caseByNumber(caseNumber);
    expect(c.attachments.map((a: { filename: string; contentType: string; previewable: boolean; kept: boolean }) => [a.filename, a.contentType, a.previewable, a.kept])).toEqual([
      ['vase.png', 'image/png', true, true],
      ['receipt.pdf', 'application/pdf', true, true],
    ]);
    const inbound = c.messages.find((m: { direction: string }) => m.direction === 'inbound');
    expect(c.attachments.every((a: { messageId: string }) => a.messageId === inbound.id)).toBe(true);
    const png = c.attachments[0];
    expect((await t.call(null, 'GET', `/api/v1/attachments/${png.id}`)).statusCode).toBe(401);
    const preview = await t.call('agent', 'GET', `/api/v1/attachments/${png.id}?inline=true`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('image/png');
    expect(preview.headers['content-disposition']).toMatch(/^inline; filename="vase.png"/);
    expect(preview.headers['x-content-type-options']).toBe('nosniff');
    expect(preview.rawPayload.equals(PNG)).toBe(true);
    const pdf = await t.call('agent', 'GET', `/api/v1/attachments/${c.attachments[1].id}?inline=true`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-security-policy']).toMatch(/^sandbox/);
    const download = await t.call('agent', 'GET', `/api/v1/attachments/${png.id}`);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(code(await t.call('agent', 'GET', `/api/v1/attachments/${png.id}?inline=maybe`) as never)).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'GET', `/api/v1/attachments/${randomUUID()}`) as never)).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses a file too large, too many files, and a file whose bytes are not an allowed kind — and opens no case', async () => {
    const before = (await t.call('agent', 'GET', '/api/v1/cases?limit=200')).data.items.length;
    const fields = { name: 'Hostile', email: 'h@example.com', body: 'My complaint.' };
    const big = await postForm(fields, [{ name: 'files', filename: 'big.png', type: 'image/png', content: Buffer.concat([PNG, Buffer.alloc(5000)]) }]);
    expect(code(big)).toEqual([413, 'FILE_TOO_LARGE']);
    const many = await postForm(fields, [1, 2, 3].map((i) => ({ name: 'files', filename: `p${i}.png`, type: 'image/png', content: PNG })));
    expect(code(many)).toEqual([413, 'TOO_MANY_FILES']);
    const html = await postForm(fields, [{ name: 'files', filename: 'photo.png', type: 'image/png', content: Buffer.from('<html><script>alert(1)</script></html>') }]);
    expect(code(html)).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    const exe = await postForm(fields, [{ name: 'files', filename: 'invoice.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: Buffer.from('MZ\u0090\u0000\u0003') }]);
    expect(code(exe)).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    const empty = await postForm(fields, [{ name: 'files', filename: 'empty.txt', type: 'text/plain', content: Buffer.alloc(0) }]);
    expect(code(empty)).toEqual([400, 'VALIDATION_FAILED']);
    const noBody = await postForm({ name: 'Hostile' }, [{ name: 'files', filename: 'p.png', type: 'image/png', content: PNG }]);
    expect(code(noBody)).toEqual([400, 'VALIDATION_FAILED']);
    const broken = await t.app.inject({ method: 'POST', url: '/api/v1/public/complaints', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, payload: '--xyz\r\nContent-Disposition: form-data; name="body"\r\n\r\nunterminated' });
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
    expect((await t.call('agent', 'GET', '/api/v1/cases?limit=200')).data.items.length).toBe(before);
  });

  it('the portal takes a file with a message; other portal routes refuse multipart', async () => {
    const r = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Janis', email: 'janis@example.com', body: 'The chair wobbles.' });
    const token = r.data.portalUrl.split('/').at(-1);
    const m = multipart({ body: 'Here is a photo of the leg.' }, [{ name: 'files', filename: 'leg.jpg', type: 'image/jpeg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]) }]);
    const sent = await t.app.inject({ method: 'POST', url: `/api/v1/portal/${token}/messages`, headers: m.headers, payload: m.payload });
    expect(sent.statusCode).toBe(201);
    const c = await caseByNumber(r.data.caseNumber);
    const msg = c.messages.find((x: { body: string }) => x.body === 'Here is a photo of the leg.');
    expect(c.attachments).toMatchObject([{ filename: 'leg.jpg', contentType: 'image/jpeg', messageId: msg.id }]);
    const bad = multipart({ body: 'x' }, [{ name: 'files', filename: 'a.txt', type: 'text/plain', content: Buffer.from([0, 1, 2]) }]);
    expect(code(await t.app.inject({ method: 'POST', url: `/api/v1/portal/${token}/messages`, headers: bad.headers, payload: bad.payload }))).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    const confirm = multipart({ confirmed: 'true' });
    expect(code(await t.app.inject({ method: 'POST', url: `/api/v1/portal/${token}/confirm`, headers: confirm.headers, payload: confirm.payload }))).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('email attachments from a real .eml are listed in the case; an HTML one is only ever downloaded as bytes', async () => {
    const post = async (name: string) => {
      const raw = await readFile(new URL(`../fixtures/eml/${name}`, import.meta.url));
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/channels/email/raw', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${mta}` }, payload: raw });
      expect(res.statusCode).toBe(201);
      return (await t.call('agent', 'GET', `/api/v1/cases/${JSON.parse(res.body).caseId}`)).data;
    };
    const c = await post('attachments.eml');
    expect(c.attachments.map((a: { filename: string; kept: boolean; skippedReason: string | null }) => [a.filename, a.kept, a.skippedReason]).sort()).toEqual([
      ['damage.jpg', false, 'larger than 2000 bytes'],
      ['receipt.txt', true, null],
    ]);
    const receipt = c.attachments.find((a: { filename: string }) => a.filename === 'receipt.txt');
    expect(receipt.previewable).toBe(false);
    expect((await t.call('agent', 'GET', `/api/v1/attachments/${receipt.id}`)).body).toBe('Order 4711: 1 vase, 39.00 EUR\n');
    const h = await post('html-attachment.eml');
    const page = h.attachments.find((a: { filename: string }) => a.filename === 'page.html');
    expect(page.previewable).toBe(false);
    for (const url of [`/api/v1/attachments/${page.id}`, `/api/v1/attachments/${page.id}?inline=true`]) {
      const res = await t.call('agent', 'GET', url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="page.html"/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toMatch(/^sandbox/);
    }
  });
});
