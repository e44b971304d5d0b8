// Static reference tables: currencies, countries, name lists, banks, channels.
// Small on purpose: enough variety to look like a bank export, not a census.

/// A country customers live in; `currency` indexes `ReferenceData.currencies`.
struct Country: Sendable {
    let code: String
    let currency: UInt8
    let region: Int
    let weight: Double
    /// FATF-style high-risk or secrecy jurisdiction: rarer, and customers skew to higher KYC risk.
    let highRisk: Bool
}

/// A bank; `country` nil means an international bank open to anyone.
struct Bank: Sendable {
    let code: String  // BIC-like, used in native accounts.csv
    let name: String
    let ibmID: Int  // numeric id, written zero-padded in IBM layout
    let country: String?
}

enum ReferenceData {
    /// ISO 4217 codes; the index is the currency id used throughout the generator.
    static let currencies = [
        "USD", "EUR", "GBP", "CHF", "JPY", "CNY", "INR", "BRL", "MXN",
        "SAR", "CAD", "AUD", "ILS", "RUB", "AED", "SGD", "HKD",
    ]
    /// Rough USD value of one unit, so amounts drawn in USD look right in local currency.
    static let usdPerUnit: [Double] = [
        1.0, 1.09, 1.27, 1.13, 0.0068, 0.14, 0.012, 0.20, 0.058,
        0.267, 0.74, 0.66, 0.27, 0.011, 0.272, 0.74, 0.128,
    ]

    static func currencyIndex(_ code: String) -> UInt8 {
        UInt8(currencies.firstIndex(of: code)!)
    }

    // Regions index the name lists below.
    static let regionNames = [
        "anglo", "german", "french", "spanish", "portuguese", "italian", "dutch",
        "chinese", "japanese", "indian", "arabic", "hebrew", "russian", "greek",
    ]

    static let countries: [Country] = [
        Country(code: "US", currency: 0, region: 0, weight: 22, highRisk: false),
        Country(code: "GB", currency: 2, region: 0, weight: 8, highRisk: false),
        Country(code: "CA", currency: 10, region: 0, weight: 4, highRisk: false),
        Country(code: "AU", currency: 11, region: 0, weight: 3, highRisk: false),
        Country(code: "DE", currency: 1, region: 1, weight: 7, highRisk: false),
        Country(code: "FR", currency: 1, region: 2, weight: 6, highRisk: false),
        Country(code: "ES", currency: 1, region: 3, weight: 4, highRisk: false),
        Country(code: "IT", currency: 1, region: 5, weight: 4, highRisk: false),
        Country(code: "NL", currency: 1, region: 6, weight: 2, highRisk: false),
        Country(code: "CH", currency: 3, region: 1, weight: 3, highRisk: false),
        Country(code: "JP", currency: 4, region: 8, weight: 5, highRisk: false),
        Country(code: "CN", currency: 5, region: 7, weight: 6, highRisk: false),
        Country(code: "HK", currency: 16, region: 7, weight: 2, highRisk: false),
        Country(code: "SG", currency: 15, region: 7, weight: 2, highRisk: false),
        Country(code: "IN", currency: 6, region: 9, weight: 6, highRisk: false),
        Country(code: "BR", currency: 7, region: 4, weight: 4, highRisk: false),
        Country(code: "MX", currency: 8, region: 3, weight: 3, highRisk: false),
        Country(code: "SA", currency: 9, region: 10, weight: 2, highRisk: false),
        Country(code: "AE", currency: 14, region: 10, weight: 2, highRisk: false),
        Country(code: "IL", currency: 12, region: 11, weight: 1, highRisk: false),
        Country(code: "RU", currency: 13, region: 12, weight: 1.5, highRisk: true),
        Country(code: "PA", currency: 0, region: 3, weight: 0.3, highRisk: true),
        Country(code: "KY", currency: 0, region: 0, weight: 0.2, highRisk: true),
        Country(code: "VG", currency: 0, region: 0, weight: 0.2, highRisk: true),
        Country(code: "CY", currency: 1, region: 13, weight: 0.4, highRisk: true),
    ]

    static let firstNames: [[String]] = [
        ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Sarah", "Emily", "Daniel"],
        ["Lukas", "Anna", "Jonas", "Lena", "Felix", "Marie", "Maximilian", "Sophie", "Paul", "Hannah"],
        ["Jean", "Camille", "Louis", "Chloe", "Hugo", "Manon", "Lucas", "Ines", "Arthur", "Juliette"],
        ["Jose", "Maria", "Carlos", "Lucia", "Javier", "Carmen", "Miguel", "Sofia", "Alejandro", "Elena"],
        ["Joao", "Ana", "Pedro", "Beatriz", "Gabriel", "Mariana", "Rafael", "Larissa", "Thiago", "Camila"],
        ["Giuseppe", "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Alessia", "Andrea", "Sara"],
        ["Daan", "Emma", "Sem", "Julia", "Bram", "Tess", "Lars", "Fleur", "Ruben", "Sanne"],
        ["Wei", "Li", "Jun", "Mei", "Hao", "Xiu", "Lei", "Ying", "Chen", "Ling"],
        ["Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Takumi", "Sakura", "Kenji", "Yuki"],
        ["Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Kavya", "Arjun", "Isha", "Rohan", "Neha"],
        ["Mohammed", "Fatima", "Ahmed", "Aisha", "Omar", "Layla", "Khalid", "Noor", "Youssef", "Mariam"],
        ["Noam", "Tamar", "Ariel", "Noa", "Itai", "Yael", "Eitan", "Shira", "Omer", "Maya"],
        ["Dmitri", "Olga", "Sergei", "Natalia", "Alexei", "Irina", "Ivan", "Tatiana", "Mikhail", "Elena"],
        ["Giorgos", "Maria", "Nikos", "Eleni", "Kostas", "Katerina", "Yannis", "Sofia", "Andreas", "Christina"],
    ]

    static let lastNames: [[String]] = [
        ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "O'Brien", "Clarke", "Walker"],
        ["Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch"],
        ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"],
        ["Garcia", "Rodriguez", "Gonzalez", "Fernandez", "Lopez", "Martinez", "Sanchez", "Perez", "Gomez", "Diaz"],
        ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Costa"],
        ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"],
        ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"],
        ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"],
        ["Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Mehta", "Nair", "Das"],
        ["Al-Sayed", "Haddad", "Al-Farsi", "Khalil", "Mansour", "Nasser", "Saleh", "Hamdan", "Al-Amin", "Aziz"],
        ["Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Dahan", "Avraham", "Friedman", "Katz", "Shapiro"],
        ["Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov", "Mikhailov", "Novikov", "Fedorov"],
        ["Papadopoulos", "Georgiou", "Nikolaou", "Ioannou", "Christodoulou", "Konstantinou", "Antoniou", "Dimitriou", "Michael", "Charalambous"],
    ]

    static let banks: [Bank] = [
        Bank(code: "FCNBUS33", name: "First Continental Bank", ibmID: 10, country: "US"),
        Bank(code: "LBNAUS44", name: "Liberty National", ibmID: 12, country: "US"),
        Bank(code: "PCSVUS6L", name: "Pacific Coast Savings", ibmID: 70, country: "US"),
        Bank(code: "THMEGB2L", name: "Thames & Mercia Bank", ibmID: 119, country: "GB"),
        Bank(code: "ALBNGB22", name: "Albion Bank", ibmID: 211, country: "GB"),
        Bank(code: "RHKBDEFF", name: "Rheinland Kreditbank", ibmID: 1120, country: "DE"),
        Bank(code: "BQLACHGG", name: "Banque du Lac", ibmID: 1362, country: "CH"),
        Bank(code: "CRDSFRPP", name: "Credit de la Seine", ibmID: 2201, country: "FR"),
        Bank(code: "BIBEESMM", name: "Banco Iberico", ibmID: 3402, country: "ES"),
        Bank(code: "BCLMITMM", name: "Banca Lombarda", ibmID: 4105, country: "IT"),
        Bank(code: "NMBKJPJT", name: "Nihon Mirai Bank", ibmID: 5120, country: "JP"),
        Bank(code: "HRBKCNBJ", name: "Harbour Commercial Bank", ibmID: 6001, country: "CN"),
        Bank(code: "STRBSGSG", name: "Straits Bank", ibmID: 6230, country: "SG"),
        Bank(code: "DCCBINBB", name: "Deccan Cooperative Bank", ibmID: 7014, country: "IN"),
        Bank(code: "BCSUBRSP", name: "Banco do Cruzeiro", ibmID: 8125, country: "BR"),
        Bank(code: "GLFBAEAD", name: "Gulf Crescent Bank", ibmID: 9310, country: "AE"),
        Bank(code: "MRDNGB2X", name: "Meridian International", ibmID: 11157, country: nil),
        Bank(code: "GTRSCHZZ", name: "Global Trust Bank", ibmID: 21174, country: nil),
        Bank(code: "ISLAKYKY", name: "Island Offshore Bank", ibmID: 48309, country: "KY"),
        Bank(code: "NRDBNL2A", name: "Northern Delta Bank", ibmID: 111632, country: nil),
    ]

    /// Native channel names; the index is the channel id.
    static let channels = ["wire", "ach", "card", "cash", "cheque", "crypto"]
    enum Channel { static let wire: UInt8 = 0, ach: UInt8 = 1, card: UInt8 = 2, cash: UInt8 = 3, cheque: UInt8 = 4, crypto: UInt8 = 5 }

    static let segments = ["retail", "sme", "corporate", "pep", "msb", "nonprofit"]
    enum Segment { static let retail: UInt8 = 0, sme: UInt8 = 1, corporate: UInt8 = 2, pep: UInt8 = 3, msb: UInt8 = 4, nonprofit: UInt8 = 5 }
    static let segmentWeights: [Double] = [0.86, 0.09, 0.025, 0.005, 0.005, 0.015]

    static let riskLevels = ["low", "medium", "high"]
    /// P(low, medium, high) per segment before the country adjustment.
    static let riskBySegment: [[Double]] = [
        [0.85, 0.13, 0.02], [0.60, 0.30, 0.10], [0.60, 0.30, 0.10],
        [0.00, 0.30, 0.70], [0.10, 0.40, 0.50], [0.50, 0.35, 0.15],
    ]

    /// Median transfer size in USD by sender segment; corporates move far more per payment.
    static let medianUSDBySegment: [Double] = [150, 1_200, 8_000, 3_000, 2_500, 600]

    /// Hour-of-day weights: business hours for bank transfers, lunch and evening peaks for cards.
    static let businessHours: [Double] = [
        0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 3.0, 4.5, 5.0, 5.0,
        4.5, 4.8, 5.0, 4.6, 4.0, 3.0, 2.0, 1.4, 1.0, 0.8, 0.5, 0.3,
    ]
    static let cardHours: [Double] = [
        0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.0, 2.5, 3.0, 3.8,
        5.0, 4.5, 3.5, 3.2, 3.4, 4.2, 5.0, 4.8, 3.8, 2.6, 1.5, 0.7,
    ]
}
