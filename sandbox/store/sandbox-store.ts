import type { SandboxDatabase } from './database';
import { AccountsRepository } from './accounts-repository';
import { AlertsRepository } from './alerts-repository';
import { LedgerRepository } from './ledger-repository';
import { MessagesRepository } from './messages-repository';
import { OptOutsRepository } from './opt-outs-repository';
import { RateCardRepository } from './rate-card-repository';
import { TemplatesRepository } from './templates-repository';

/** The repositories over one database, handed to the domain services. */
export class SandboxStore {
  readonly accounts: AccountsRepository;
  readonly ledger: LedgerRepository;
  readonly rateCard: RateCardRepository;
  readonly alerts: AlertsRepository;
  readonly messages: MessagesRepository;
  readonly optOuts: OptOutsRepository;
  readonly templates: TemplatesRepository;

  constructor(readonly db: SandboxDatabase) {
    this.accounts = new AccountsRepository(db);
    this.ledger = new LedgerRepository(db);
    this.rateCard = new RateCardRepository(db);
    this.alerts = new AlertsRepository(db);
    this.messages = new MessagesRepository(db);
    this.optOuts = new OptOutsRepository(db);
    this.templates = new TemplatesRepository(db);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work);
  }
}
