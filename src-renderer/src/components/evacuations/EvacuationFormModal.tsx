import { ActionIcon, Button, Checkbox, Divider, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { EVACUATION_REASONS, TEAM_ROLES, type Evacuation, type Input, type TeamRole } from '@contract';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldIssues, type ApiError } from '../../api/errors';
import { useMutationProc } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../lib/notify';
import { fromLocalInput, toLocalInput } from '../beforeafter/format';
import { LocationSelect } from '../objects/LocationSelect';

interface Member {
  key: number;
  role: TeamRole;
  name: string;
  contact: string;
}

/** The names of the places an evacuation makes when it starts, in the reader's language. */
export function usePlaceNames() {
  const { t } = useTranslation();
  return (name: string) => ({
    packing: t('evacuation.places.packing', { name }),
    transit: t('evacuation.places.transit', { name }),
    destination: t('evacuation.places.destination', { name }),
  });
}

/**
 * Prepare an evacuation, or change its plan: its name and reason; the authorization (who gave it, when, for how many
 * objects); the destination (name, address, coordinates, or a place already in the catalogue); the team and its roles;
 * the route and assembly points. A new one is kept as a plan or started at once.
 */
export function EvacuationFormModal({ evacuation, onClose, onSaved }: { evacuation?: Evacuation; onClose: () => void; onSaved?: (e: Evacuation) => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const placeNames = usePlaceNames();
  const [name, setName] = useState(evacuation?.name ?? '');
  const [reason, setReason] = useState<string>(evacuation?.reason ?? 'fire');
  const [authorizedBy, setAuthorizedBy] = useState(evacuation?.authorizedBy ?? '');
  const [authorizedAt, setAuthorizedAt] = useState(evacuation?.authorizedAt ? toLocalInput(evacuation.authorizedAt) : '');
  const [authorizedObjects, setAuthorizedObjects] = useState<number | string>(evacuation?.authorizedObjects ?? '');
  const [destinationName, setDestinationName] = useState(evacuation?.destinationName ?? '');
  const [destinationAddress, setDestinationAddress] = useState(evacuation?.destinationAddress ?? '');
  const [latitude, setLatitude] = useState<number | string>(evacuation?.destinationLatitude ?? '');
  const [longitude, setLongitude] = useState<number | string>(evacuation?.destinationLongitude ?? '');
  const [destinationLocationId, setDestinationLocationId] = useState<string | null>(evacuation?.destinationLocation?.id ?? null);
  const [team, setTeam] = useState<Member[]>(() => (evacuation?.team ?? []).map((m, key) => ({ key, ...m })));
  const [route, setRoute] = useState(evacuation?.route ?? '');
  const [assemblyPoints, setAssemblyPoints] = useState(evacuation?.assemblyPoints ?? '');
  const [notes, setNotes] = useState(evacuation?.notes ?? '');
  const [start, setStart] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onError = (error: ApiError) => {
    const issues = fieldIssues(error);
    if (issues.length === 0) return notifyError(t, error);
    setErrors(Object.fromEntries(issues.map((issue) => [issue.field, t('errors.fieldInvalid', { detail: issue.message })])));
  };
  const done = (saved: Evacuation) => {
    notifySuccess(t(evacuation ? 'evacuation.form.saved' : 'evacuation.form.created', { name: saved.name }));
    onClose();
    onSaved?.(saved);
  };
  const create = useMutationProc('evacuations.create', { onSuccess: done, onError });
  const update = useMutationProc('evacuations.update', { onSuccess: done, onError });
  const pending = create.isPending || update.isPending;
  const planned = !evacuation || evacuation.status === 'planned';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('evacuation.form.nameRequired');
    const at = authorizedAt ? fromLocalInput(authorizedAt) : null;
    if (authorizedAt && !at) problems.authorizedAt = t('evacuation.form.timeInvalid');
    const members = team.filter((m) => m.name.trim());
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const number = (v: number | string) => (v === '' ? null : Number(v));
    const plan = {
      name: name.trim(),
      reason: reason as Evacuation['reason'],
      authorizedBy,
      authorizedAt: at,
      authorizedObjects: number(authorizedObjects),
      destinationName,
      destinationAddress,
      destinationLatitude: number(latitude),
      destinationLongitude: number(longitude),
      team: members.map((m) => ({ role: m.role, name: m.name.trim(), contact: m.contact })),
      route,
      assemblyPoints,
      notes,
    };
    if (evacuation) {
      update.mutate({ id: evacuation.id, ...plan, ...(planned ? { destinationLocationId } : {}) });
    } else {
      const input: Input<'evacuations.create'> = { ...plan, destinationLocationId, start, placeNames: placeNames(plan.name) };
      create.mutate(input);
    }
  };

  const reasons = EVACUATION_REASONS.map((r) => ({ value: r, label: t(`evacuation.reasons.${r}`) }));
  const roles = TEAM_ROLES.map((r) => ({ value: r, label: t(`evacuation.roles.${r}`) }));
  const setMember = (key: number, change: Partial<Member>) => setTeam((all) => all.map((m) => (m.key === key ? { ...m, ...change } : m)));
  const section = (label: string) => <Divider label={<span className="section-label">{label}</span>} labelPosition="left" mt="xs" />;

  return (
    <Modal opened onClose={onClose} title={evacuation ? t('evacuation.form.editTitle', { code: evacuation.code }) : t('evacuation.form.newTitle')} size="xl" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('evacuation.form.name')} placeholder={t('evacuation.form.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required data-autofocus maxLength={200} />
            <Select label={t('evacuation.form.reason')} data={reasons} value={reason} onChange={(v) => v && setReason(v)} allowDeselect={false} />
          </SimpleGrid>

          {section(t('evacuation.form.authorization'))}
          <Text size="xs" c="dimmed">
            {t('evacuation.form.authorizationHelp')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('evacuation.form.authorizedBy')} value={authorizedBy} onChange={(e) => setAuthorizedBy(e.currentTarget.value)} maxLength={200} />
            <TextInput type="datetime-local" label={t('evacuation.form.authorizedAt')} value={authorizedAt} onChange={(e) => setAuthorizedAt(e.currentTarget.value)} error={errors.authorizedAt} />
            <NumberInput label={t('evacuation.form.authorizedObjects')} value={authorizedObjects} onChange={setAuthorizedObjects} min={0} max={1_000_000} allowDecimal={false} allowNegative={false} />
          </SimpleGrid>

          {section(t('evacuation.form.destination'))}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('evacuation.form.destinationName')} placeholder={t('evacuation.form.destinationNamePlaceholder')} value={destinationName} onChange={(e) => setDestinationName(e.currentTarget.value)} maxLength={200} />
            <TextInput label={t('evacuation.form.destinationAddress')} value={destinationAddress} onChange={(e) => setDestinationAddress(e.currentTarget.value)} maxLength={1000} />
            <NumberInput label={t('evacuation.form.latitude')} value={latitude} onChange={setLatitude} min={-90} max={90} decimalScale={6} hideControls error={errors.destinationLatitude} />
            <NumberInput label={t('evacuation.form.longitude')} value={longitude} onChange={setLongitude} min={-180} max={180} decimalScale={6} hideControls error={errors.destinationLongitude} />
          </SimpleGrid>
          {planned && (
            <LocationSelect
              label={t('evacuation.form.destinationLocation')}
              description={t('evacuation.form.destinationLocationHelp')}
              placeholder={t('evacuation.form.destinationLocationPlaceholder')}
              value={destinationLocationId}
              onChange={setDestinationLocationId}
              clearable
            />
          )}

          {section(t('evacuation.form.team'))}
          <Stack gap="xs" aria-label={t('evacuation.form.team')} role="group">
            {team.map((m, index) => (
              <Group key={m.key} gap="xs" align="flex-end" wrap={phone ? 'wrap' : 'nowrap'}>
                <Select
                  label={index === 0 || phone ? t('evacuation.form.role') : undefined}
                  aria-label={t('evacuation.form.role')}
                  data={roles}
                  value={m.role}
                  onChange={(v) => v && setMember(m.key, { role: v as TeamRole })}
                  allowDeselect={false}
                  w={phone ? '100%' : 200}
                />
                <TextInput
                  label={index === 0 || phone ? t('evacuation.form.memberName') : undefined}
                  aria-label={t('evacuation.form.memberName')}
                  value={m.name}
                  onChange={(e) => setMember(m.key, { name: e.currentTarget.value })}
                  style={{ flex: 1, minWidth: 160 }}
                  maxLength={120}
                />
                <TextInput
                  label={index === 0 || phone ? t('evacuation.form.contact') : undefined}
                  aria-label={t('evacuation.form.contact')}
                  placeholder={t('evacuation.form.contactPlaceholder')}
                  value={m.contact}
                  onChange={(e) => setMember(m.key, { contact: e.currentTarget.value })}
                  style={{ flex: 1, minWidth: 140 }}
                  maxLength={200}
                />
                <ActionIcon variant="subtle" color="red" size={36} onClick={() => setTeam((all) => all.filter((x) => x.key !== m.key))} aria-label={t('evacuation.form.removeMember', { name: m.name || t(`evacuation.roles.${m.role}`) })}>
                  <IconTrash size={18} />
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setTeam((all) => [...all, { key: Math.max(0, ...all.map((m) => m.key)) + 1, role: TEAM_ROLES[Math.min(all.length, TEAM_ROLES.length - 1)]!, name: '', contact: '' }])}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('evacuation.form.addMember')}
            </Button>
          </Stack>

          {section(t('evacuation.form.routeSection'))}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label={t('evacuation.form.route')} placeholder={t('evacuation.form.routePlaceholder')} value={route} onChange={(e) => setRoute(e.currentTarget.value)} autosize minRows={2} maxRows={6} maxLength={5000} />
            <Textarea label={t('evacuation.form.assemblyPoints')} value={assemblyPoints} onChange={(e) => setAssemblyPoints(e.currentTarget.value)} autosize minRows={2} maxRows={6} maxLength={5000} />
          </SimpleGrid>
          <Textarea label={t('evacuation.form.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} maxRows={6} maxLength={5000} />

          {!evacuation && (
            <Checkbox
              mt="xs"
              label={t('evacuation.form.startNow')}
              description={t('evacuation.form.startNowHelp')}
              checked={start}
              onChange={(e) => setStart(e.currentTarget.checked)}
              size="md"
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending} color={start ? 'red' : undefined}>
              {evacuation ? t('common.save') : start ? t('evacuation.form.createAndStart') : t('evacuation.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
