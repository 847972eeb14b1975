import { useEffect, useState, type FormEvent } from 'react';
import { TEST_SENDS_PER_HOUR, type TestSendPreview, type TestSendView } from '../../../shared/calls/campaign-test-send';
import { DeskError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { useCampaignsStore } from './campaigns-store';
import { formatDateTime } from '../../../shared/format';
import { ColumnHeaders, numericColumn } from '../../components/ColumnHeaders';

type Step = { kind: 'form' } | { kind: 'confirm'; preview: TestSendPreview } | { kind: 'sent'; sent: TestSendView };

const costText = (minor: number | null, currency: string | null) => (minor === null || currency === null ? 'cost unknown' : formatMoney(minor, currency));

/**
 * One test SMS to a chosen number before launch: the exact text a recipient of the chosen
 * language gets, its units and cost, then a confirmation that states the cost. The draft is saved
 * first (the test uses what is saved) and is not changed by the test.
 */
export function TestSendDialog({ onClose }: { onClose(): void }) {
  const campaign = useCampaignsStore((s) => s.campaign);
  const variants = useCampaignsStore((s) => s.form?.variants ?? []);
  const defaultLanguage = variants.find((variant) => variant.isDefault)?.language ?? variants[0]?.language ?? '';
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState(defaultLanguage);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [earlier, setEarlier] = useState<TestSendView[] | null>(null);
  const campaignId = campaign?.id ?? null;

  useEffect(() => {
    if (campaignId === null) return;
    let live = true;
    void (async () => {
      let list: TestSendView[] = [];
      try {
        list = await call('campaigns.testSends', { id: campaignId });
      } catch {
        // The list is a convenience: an empty one says nothing was recorded here.
      }
      if (live) setEarlier(list);
    })();
    return () => {
      live = false;
    };
  }, [campaignId, step.kind]);

  if (!campaign || campaignId === null) return null;
  const target = { id: campaignId, phone: phone.trim(), ...(language ? { language } : {}) };

  const fail = (failure: unknown) => {
    if (failure instanceof DeskError && failure.details.field === 'phone') setPhoneError(failure.message);
    else setBanner(errorMessage(failure));
  };

  const review = async (event: FormEvent) => {
    event.preventDefault();
    setBanner(null);
    setPhoneError(null);
    if (target.phone === '') {
      setPhoneError('Enter the number to send the test to, with its country code.');
      return;
    }
    setBusy(true);
    try {
      await useCampaignsStore.getState().saveNow();
      setStep({ kind: 'confirm', preview: await call('campaigns.testSendPreview', target) });
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    setBusy(true);
    setBanner(null);
    try {
      setStep({ kind: 'sent', sent: await call('campaigns.testSend', target) });
    } catch (failure) {
      setStep({ kind: 'form' });
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Send a test of "${campaign.name}"`} onClose={onClose} testId="test-send-dialog" wide>
      {step.kind === 'form' && (
        <form className="dialog-form" noValidate onSubmit={(event) => void review(event)}>
          <Field
            label="Phone number"
            error={phoneError ? { message: phoneError } : null}
            hint="With its country code, e.g. +91 98100 12345. The test is one real SMS, charged to the account."
          >
            {(control) => (
              <input
                {...control}
                type="tel"
                autoFocus
                autoComplete="tel"
                inputMode="tel"
                value={phone}
                onChange={(event) => {
                  setPhone(event.target.value);
                  setPhoneError(null);
                }}
              />
            )}
          </Field>
          {variants.length > 1 && (
            <Field label="Message variant" hint="Rendered as the first recipient of that language would get it.">
              {(control) => (
                <select {...control} value={language} onChange={(event) => setLanguage(event.target.value)}>
                  {variants.map((variant) => (
                    <option key={variant.language} value={variant.language}>
                      {variant.language}
                      {variant.isDefault ? ' (default)' : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <ErrorBanner message={banner} />
          <FormActions onCancel={onClose}>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Preparing…' : 'Review the test…'}
            </button>
          </FormActions>
        </form>
      )}
      {step.kind === 'confirm' && (
        <div className="dialog-form" data-testid="test-send-confirmation">
          <p className="confirm-question">Send this message now to {step.preview.to}?</p>
          <TestMessageFacts message={step.preview} />
          <ErrorBanner message={banner} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setStep({ kind: 'form' })} disabled={busy}>
              Back
            </button>
            <button type="button" className="primary" onClick={() => void send()} disabled={busy} autoFocus data-testid="test-send-confirm">
              {busy ? 'Sending…' : `Send 1 test SMS · ${costText(step.preview.estimatedCostMinor, step.preview.currency)}`}
            </button>
          </div>
        </div>
      )}
      {step.kind === 'sent' && (
        <div className="dialog-form" data-testid="test-send-result">
          <p className="notice" role="status">
            Sent to {step.sent.to}. Message ID <code data-testid="test-send-message-id">{step.sent.messageId}</code>
          </p>
          <TestMessageFacts message={step.sent} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setStep({ kind: 'form' })}>
              Send another test
            </button>
            <button type="button" className="primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </div>
      )}
      <EarlierTestSends sends={earlier} />
    </Dialog>
  );
}

function TestMessageFacts({ message }: { message: TestSendPreview }) {
  return (
    <dl className="fixed-facts" data-testid="test-send-facts">
      <dt>To</dt>
      <dd>{message.to}</dd>
      <dt>Variant</dt>
      <dd>{message.language}</dd>
      <dt>Message</dt>
      <dd className="test-send-body" data-testid="test-send-body">
        {message.body}
      </dd>
      <dt>Units (SMS segments)</dt>
      <dd data-testid="test-send-units">{message.units}</dd>
      <dt>Estimated cost</dt>
      <dd data-testid="test-send-cost">{costText(message.estimatedCostMinor, message.currency)}</dd>
    </dl>
  );
}

function EarlierTestSends({ sends }: { sends: TestSendView[] | null }) {
  if (sends === null) return null;
  return (
    <section className="test-send-history" aria-label="Earlier test sends">
      <h3>Earlier test sends</h3>
      {sends.length === 0 ? (
        <p className="empty">No test sent yet. At most {TEST_SENDS_PER_HOUR} tests per campaign per hour.</p>
      ) : (
        <table className="data-table" data-testid="test-send-history">
          <ColumnHeaders columns={['Sent', 'To', 'Variant', numericColumn('Units'), 'Message ID']} />
          <tbody>
            {sends.map((send) => (
              <tr key={`${send.sentAt}-${send.messageId ?? send.to}`}>
                <td>{formatDateTime(send.sentAt)}</td>
                <td>{send.to}</td>
                <td>{send.language}</td>
                <td className="numeric">{send.units}</td>
                <td>{send.messageId ?? 'no answer recorded'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
