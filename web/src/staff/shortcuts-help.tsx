// The list of keyboard shortcuts ("?" on the queue and the case page), in a
// dialog of its own chunk: shortcuts.tsx loads it when first asked for.
import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './shortcuts.tsx';

/** The dialog listing the keys and what they do. */
export function ShortcutsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('queuePower.keys.title')} data-testid="shortcuts-help">
      <Table>
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.what}>
              <Table.Td>{s.keys.map((k, i) => <span key={k}>{i > 0 && ' / '}<Kbd>{k}</Kbd></span>)}</Table.Td>
              <Table.Td>{t(`queuePower.keys.${s.what}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
