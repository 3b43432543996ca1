import { Alert, Button, Center, Divider, Group, Paper, Stack, Text, TextInput, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { formatJoinCode, type Output } from '@contract';
import { IconAlertTriangle, IconCheck, IconDeviceMobile, IconUser, IconUsersGroup } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AccessLost } from '../../api/access';
import { call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { describeError } from '../../lib/notify';
import { LanguagePicker } from '../LanguagePicker';
import './workshop.css';

type Info = Output<'devices.joinInfo'>;

/** A name for this device that its person would recognise in the coordinator's list. */
export function guessDeviceName(t: TFunction, userAgent = navigator.userAgent): string {
  if (/iPad/.test(userAgent) || (/Macintosh/.test(userAgent) && navigator.maxTouchPoints > 1)) return t('workshop.join.deviceGuess.ipad');
  if (/iPhone/.test(userAgent)) return t('workshop.join.deviceGuess.iphone');
  if (/Android/.test(userAgent)) return /Mobile/.test(userAgent) ? t('workshop.join.deviceGuess.androidPhone') : t('workshop.join.deviceGuess.androidTablet');
  return t('workshop.join.deviceGuess.computer');
}

/**
 * Joining the workshop on a phone, tablet or laptop: the one-time code (from the QR code's link, or typed from the
 * coordinator's screen), then who is using this device and its name. The server answers with the device's own key,
 * kept by the browser as a cookie the page cannot read; the app then opens as that person.
 */
export function JoinScreen({ code: given, lost, current }: { code: string | null; lost: AccessLost; current?: { personName: string } | null }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(given ? formatJoinCode(given.replace(/[\s-]/g, '').toUpperCase()) : '');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [info, setInfo] = useState<Info | null>(null);
  const [personId, setPersonId] = useState<string | null>(null);
  const [personName, setPersonName] = useState('');
  const [deviceName, setDeviceName] = useState(() => guessDeviceName(t));
  const [formError, setFormError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const checkedGiven = useRef(false);

  const explain = (error: unknown) => describeError(t, error).detail;

  const check = async (typed: string) => {
    setChecking(true);
    setCodeError(null);
    try {
      setInfo(await call('devices.joinInfo', { code: typed }));
    } catch (error) {
      setCodeError(error instanceof ApiError && error.code === 'VALIDATION' ? t('workshop.join.codeFormat') : explain(error));
    } finally {
      setChecking(false);
    }
  };

  // The code from the QR code's link is checked at once: the person sees the names to choose from, not a form.
  useEffect(() => {
    if (!given || checkedGiven.current) return;
    checkedGiven.current = true;
    void check(given);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [given]);

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (!code.trim()) return setCodeError(t('workshop.join.codeRequired'));
    void check(code);
  };

  const join = async (event: FormEvent) => {
    event.preventDefault();
    if (!info) return;
    if (personId === null && !personName.trim()) return setFormError(t('workshop.join.personRequired'));
    if (!deviceName.trim()) return setFormError(t('workshop.join.deviceRequired'));
    setJoining(true);
    setFormError(null);
    try {
      await call('devices.join', {
        code,
        deviceName: deviceName.trim(),
        ...(personId !== null ? { personId } : { personName: personName.trim() }),
      });
      // The device's key is a cookie now: the app starts again as this device, at rapid move.
      window.location.replace(`${window.location.pathname}#/rapid`);
      window.location.reload();
    } catch (error) {
      setJoining(false);
      if (error instanceof ApiError && error.code === 'UNAUTHORIZED') {
        // The code expired or was taken meanwhile: back to the code, with the reason.
        setInfo(null);
        setCode('');
        setCodeError(explain(error));
      } else setFormError(explain(error));
    }
  };

  return (
    <Center mih="100dvh" p="md" className="join-screen">
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} maw={520} w="100%" shadow="sm">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
              <IconUsersGroup size={26} />
            </ThemeIcon>
            <LanguagePicker />
          </Group>
          <Title order={1} size="h2">
            {info ? t('workshop.join.titleCatalogue', { catalogue: info.catalogueName }) : t('workshop.join.title')}
          </Title>
          {lost && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t(`workshop.join.lost.${lost}Title`)} role="alert">
              {t(`workshop.join.lost.${lost}Body`)}
            </Alert>
          )}
          {current && !lost && !info && (
            <Alert color="teal" variant="light" title={t('workshop.join.alreadyTitle', { name: current.personName })}>
              <Stack gap="xs">
                <Text size="sm">{t('workshop.join.alreadyBody')}</Text>
                <Button variant="white" onClick={() => window.location.replace(`${window.location.pathname}#/rapid`)}>
                  {t('workshop.join.continueAs', { name: current.personName })}
                </Button>
              </Stack>
            </Alert>
          )}

          {!info && (
            <form onSubmit={submitCode}>
              <Stack gap="sm">
                <Text>{t('workshop.join.codeIntro')}</Text>
                <TextInput
                  label={t('workshop.join.codeLabel')}
                  placeholder="K7QX2-M9PRT"
                  value={code}
                  onChange={(e) => {
                    setCode(e.currentTarget.value);
                    setCodeError(null);
                  }}
                  error={codeError}
                  size="lg"
                  classNames={{ input: 'join-code-input' }}
                  autoCapitalize="characters"
                  autoComplete="off"
                  autoCorrect="off"
                  spellCheck={false}
                  enterKeyHint="go"
                  maxLength={40}
                  data-autofocus
                />
                <Button type="submit" size="lg" loading={checking}>
                  {t('workshop.join.codeSubmit')}
                </Button>
              </Stack>
            </form>
          )}

          {info && (
            <form onSubmit={(e) => void join(e)}>
              <Stack gap="md">
                <Text>{t('workshop.join.whoIntro')}</Text>
                {info.people.length > 0 && (
                  <Stack gap={8} role="radiogroup" aria-label={t('workshop.join.peopleLabel')}>
                    {info.people.map((person) => (
                      <UnstyledButton
                        key={person.id}
                        role="radio"
                        aria-checked={personId === person.id}
                        className="join-person"
                        data-active={personId === person.id || undefined}
                        onClick={() => {
                          setPersonId(person.id);
                          setPersonName('');
                          setFormError(null);
                        }}
                      >
                        <Group gap="sm" wrap="nowrap">
                          <IconUser size={20} aria-hidden />
                          <Text fw={600} style={{ flex: 1 }}>
                            {person.name}
                          </Text>
                          {personId === person.id && <IconCheck size={20} aria-hidden />}
                        </Group>
                      </UnstyledButton>
                    ))}
                  </Stack>
                )}
                {info.people.length > 0 && <Divider label={t('workshop.join.orNew')} labelPosition="center" />}
                <TextInput
                  label={info.people.length > 0 ? t('workshop.join.newPerson') : t('workshop.join.firstPerson')}
                  placeholder={t('who.namePlaceholder')}
                  value={personName}
                  onChange={(e) => {
                    setPersonName(e.currentTarget.value);
                    if (e.currentTarget.value) setPersonId(null);
                    setFormError(null);
                  }}
                  size="md"
                  maxLength={120}
                  autoComplete="name"
                />
                <TextInput
                  label={t('workshop.join.deviceLabel')}
                  description={t('workshop.join.deviceHelp')}
                  leftSection={<IconDeviceMobile size={18} aria-hidden />}
                  value={deviceName}
                  onChange={(e) => setDeviceName(e.currentTarget.value)}
                  size="md"
                  maxLength={60}
                />
                {formError && (
                  <Alert color="red" variant="light" role="alert">
                    {formError}
                  </Alert>
                )}
                <Button type="submit" size="lg" loading={joining}>
                  {t('workshop.join.submit')}
                </Button>
                <Text size="xs" c="dimmed">
                  {t('workshop.join.privacy')}
                </Text>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
