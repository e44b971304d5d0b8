// Vocabulary of IBM's AML ("AMLworld", Altman et al. 2023) files, shared by the generator's IBM
// writer and by the ingest side that reads real IBM exports.

/// Constants for reading and writing IBM AML layout.
public enum IBMFormat {
    /// Header of `*_Trans.csv`. The duplicated `Account` column is genuinely in IBM's files.
    public static let transactionsHeader =
        "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering"

    /// Header of `*_accounts.csv`.
    public static let accountsHeader = "Bank Name,Bank ID,Account Number,Entity ID,Entity Name"

    /// `Timestamp` column layout: UTC, minute resolution, e.g. `2022/09/01 00:20`.
    public static let timestampFormat = "yyyy/MM/dd HH:mm"

    /// IBM currency name -> ISO 4217 code. The first fifteen are IBM's own; `UAE Dirham`,
    /// `Singapore Dollar` and `Hong Kong Dollar` are our extensions for currencies IBM lacks.
    /// `Bitcoin` maps to the conventional (non-ISO) `BTC`.
    public static let currencyNames: [String: String] = [
        "US Dollar": "USD",
        "Euro": "EUR",
        "UK Pound": "GBP",
        "Swiss Franc": "CHF",
        "Yen": "JPY",
        "Yuan": "CNY",
        "Rupee": "INR",
        "Brazil Real": "BRL",
        "Mexican Peso": "MXN",
        "Saudi Riyal": "SAR",
        "Canadian Dollar": "CAD",
        "Australian Dollar": "AUD",
        "Shekel": "ILS",
        "Ruble": "RUB",
        "Bitcoin": "BTC",
        "UAE Dirham": "AED",
        "Singapore Dollar": "SGD",
        "Hong Kong Dollar": "HKD",
    ]

    /// ISO 4217 code -> IBM currency name (inverse of `currencyNames`).
    public static let currencyCodes: [String: String] = Dictionary(
        uniqueKeysWithValues: currencyNames.map { ($0.value, $0.key) }
    )

    /// IBM `Payment Format` -> native channel. `Credit Card` is IBM's spelling; the plural is
    /// accepted because some republished copies use it.
    public static let paymentFormats: [String: String] = [
        "Wire": "wire",
        "ACH": "ach",
        "Credit Card": "card",
        "Credit Cards": "card",
        "Cash": "cash",
        "Cheque": "cheque",
        "Bitcoin": "crypto",
        "Reinvestment": "reinvestment",
    ]

    /// Native channel -> IBM `Payment Format` as the generator writes it.
    public static let channelFormats: [String: String] = [
        "wire": "Wire", "ach": "ACH", "card": "Credit Card", "cash": "Cash",
        "cheque": "Cheque", "crypto": "Bitcoin", "reinvestment": "Reinvestment",
    ]

    /// Marker lines of `*_Patterns.txt`: `BEGIN LAUNDERING ATTEMPT - CYCLE:  Max 5 hops` ... `END LAUNDERING ATTEMPT - CYCLE`.
    public static let beginAttemptPrefix = "BEGIN LAUNDERING ATTEMPT - "
    public static let endAttemptPrefix = "END LAUNDERING ATTEMPT - "
}
