import { SMTPServer } from 'smtp-server';
const s = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (st, _x, done) => st.on('end', () => done()).resume() });
s.listen(+process.argv[2], '127.0.0.1');
