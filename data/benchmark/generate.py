#!/usr/bin/env python3
"""Deterministic generator for the SingAlign knowledge benchmark (`sg_general_mc`).

Run from anywhere (paths are relative to this file):

    python data/benchmark/generate.py

It (re)writes ``data/benchmark/sg_general_mc.jsonl``: four-option multiple-choice
questions on Singapore knowledge and general knowledge, used with
lm-evaluation-harness (task ``singalign_sgknow``) to check that safety
fine-tuning does not degrade what a model knows.

Every question is hand-written below as a literal: (question, correct answer,
three distractors).  The only templated parts are simple arithmetic, unit
conversions and a table of country capitals, whose answers are computed or
written out by hand.  Facts were chosen to be stable over time (no office
holders, prices or changing populations) and uncontested.

A fixed ``random.Random(SEED)`` decides where the correct answer goes: a
balanced list of positions 0-3 is shuffled per topic and the distractors are
shuffled into the remaining slots, so the answer position is balanced.

Row schema:
    {"id": "sgk-0001", "question": str, "choices": [4 str], "answer": 0-3,
     "topic": "singapore" | "general"}

The script asserts counts, distinct choices, answer range, position balance
(within +/-10% of an even split) and unique ids and questions, then prints
counts per topic and per answer position.

Standard library only (Python 3.11).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

SEED = 20250917
OUT = Path(__file__).resolve().parent / "sg_general_mc.jsonl"
MIN_PER_TOPIC = 110
MIN_TOTAL = 240

# (question, correct answer, distractor, distractor, distractor)
Q = tuple[str, str, str, str, str]

# --------------------------------------------------------------------------- Singapore

SG_GEOGRAPHY: list[Q] = [
    ("Which strait separates Singapore from Peninsular Malaysia?",
     "The Johor Strait", "The Strait of Malacca", "The Sunda Strait", "The Lombok Strait"),
    ("What is the highest natural point in Singapore?",
     "Bukit Timah Hill", "Mount Faber", "Telok Blangah Hill", "Fort Canning Hill"),
    ("Which country lies directly north of Singapore, linked to it by the Causeway?",
     "Malaysia", "Indonesia", "Thailand", "Brunei"),
    ("On which Singapore island is the resort area with Universal Studios Singapore?",
     "Sentosa", "Pulau Ubin", "Jurong Island", "St John's Island"),
    ("Which offshore island of Singapore is known for its rustic kampong life and the Chek Jawa wetlands?",
     "Pulau Ubin", "Sentosa", "Jurong Island", "Kusu Island"),
    ("Which Singapore island was formed by reclaiming land to join several smaller islands and hosts the petrochemical industry?",
     "Jurong Island", "Pulau Ubin", "Sentosa", "Pulau Tekong"),
    ("Roughly where does Singapore lie relative to the equator?",
     "About 1 degree north of it", "About 10 degrees north of it", "About 23 degrees north of it", "About 5 degrees south of it"),
    ("The Causeway links Woodlands in Singapore with which Malaysian city?",
     "Johor Bahru", "Kuala Lumpur", "Malacca", "George Town"),
    ("Which area of Singapore is the Singapore end of the Second Link to Malaysia?",
     "Tuas", "Woodlands", "Changi", "Punggol"),
    ("Which reservoir was created when the Marina Barrage dammed the Marina Channel?",
     "Marina Reservoir", "MacRitchie Reservoir", "Bedok Reservoir", "Kranji Reservoir"),
    ("Sungei Buloh Wetland Reserve in north-west Singapore mainly protects which kind of habitat?",
     "Mangrove wetlands", "Dry grassland", "Alpine forest", "Sand dunes"),
    ("Which river flows through Singapore's old commercial centre, past Boat Quay and Clarke Quay?",
     "The Singapore River", "The Kallang River", "The Rochor River", "Sungei Seletar"),
    ("In which part of Singapore is Singapore Changi Airport located?",
     "The east", "The west", "The north-west", "The south-west"),
    ("Which body of water lies south of Singapore, between it and Indonesia's Riau Islands?",
     "The Singapore Strait", "The Johor Strait", "The Sunda Strait", "The Lombok Strait"),
    ("Which Indonesian island lies just south of Singapore and is a short ferry ride away?",
     "Batam", "Bali", "Java", "Lombok"),
    ("Singapore's land area is closest to which of these?",
     "About 730 square kilometres", "About 73 square kilometres", "About 7,300 square kilometres", "About 73,000 square kilometres"),
    ("Under a 1962 agreement, Singapore draws raw water from which Malaysian state?",
     "Johor", "Penang", "Sabah", "Kelantan"),
    ("Which time zone does Singapore use?",
     "UTC+8", "UTC+7", "UTC+9", "UTC+5:30"),
]

SG_CLIMATE: list[Q] = [
    ("Which type of climate does Singapore have?",
     "Tropical rainforest climate", "Mediterranean climate", "Temperate oceanic climate", "Desert climate"),
    ("Besides the Northeast Monsoon, which other monsoon season affects Singapore?",
     "The Southwest Monsoon", "The Northwest Monsoon", "The Southeast Monsoon", "The Polar Monsoon"),
    ("During which months does the Northeast Monsoon usually affect Singapore?",
     "December to early March", "June to September", "April to May", "October to November"),
    ("Which of these weather events does Singapore essentially never experience?",
     "Snowfall", "Thunderstorms", "Heavy rain", "Haze"),
    ("In Singapore, a 'Sumatra squall' is",
     "a line of thunderstorms that sweeps in from the Strait of Malacca",
     "a cold, dry wind from the Himalayas", "a dust storm blowing in from Australia",
     "a typhoon that makes landfall on the east coast"),
    ("The seasonal haze in Singapore is mainly caused by",
     "forest and peatland fires in the region", "volcanic eruptions in Japan",
     "snow melting in the mountains", "desert sandstorms in Africa"),
    ("Singapore's average daily temperature is closest to",
     "27 degrees Celsius", "10 degrees Celsius", "40 degrees Celsius", "0 degrees Celsius"),
    ("Why is Singapore rarely hit by typhoons?",
     "It lies too close to the equator for typhoons to form or track there",
     "It is surrounded by high mountains", "It has a cold ocean current offshore",
     "It lies in the Southern Hemisphere"),
]

SG_SYMBOLS: list[Q] = [
    ("What is the national flower of Singapore?",
     "Vanda Miss Joaquim", "Hibiscus", "Lotus", "Rafflesia"),
    ("The Merlion combines the head of which animal with the body of which animal?",
     "A lion's head and a fish's body", "An eagle's head and a lion's body",
     "A tiger's head and a snake's body", "A lion's head and a horse's body"),
    ("What are the colours of the Singapore flag?",
     "Red and white", "Red and yellow", "Blue and white", "Green and white"),
    ("How many stars are on the Singapore flag?",
     "Five", "Three", "Four", "Seven"),
    ("Besides stars, which symbol appears on the Singapore flag?",
     "A crescent moon", "A rising sun", "A lion", "An orchid"),
    ("On the Singapore flag, what does the red stand for?",
     "Universal brotherhood and equality of man", "Blood shed in war",
     "Wealth and prosperity", "The tropical sun"),
    ("On the Singapore flag, what does the white stand for?",
     "Pervading and everlasting purity and virtue", "Peace with neighbouring countries",
     "The surrounding sea", "Surrender"),
    ("Which ideals do the five stars on the Singapore flag stand for?",
     "Democracy, peace, progress, justice and equality",
     "Liberty, fraternity, unity, faith and loyalty",
     "Wealth, health, wisdom, courage and honour",
     "Land, sea, air, people and law"),
    ("What is the title of Singapore's national anthem?",
     "Majulah Singapura", "Negaraku", "Indonesia Raya", "Count on Me, Singapore"),
    ("In which language is Singapore's national anthem sung?",
     "Malay", "English", "Mandarin", "Tamil"),
    ("Who composed Singapore's national anthem?",
     "Zubir Said", "Dick Lee", "Kit Chan", "Stefanie Sun"),
    ("The Malay phrase 'Majulah Singapura' means",
     "Onward, Singapore", "Long live the king", "Unity in diversity", "Land of gardens"),
    ("The name 'Singapura' comes from Sanskrit words meaning",
     "Lion City", "Sea Town", "Island of Pearls", "Garden City"),
    ("Which old name for Singapore is often translated as 'Sea Town'?",
     "Temasek", "Malacca", "Majapahit", "Johor"),
    ("On which date is Singapore's National Day celebrated?",
     "9 August", "31 August", "17 August", "16 September"),
    ("Which nickname, reflecting its greening efforts, is commonly given to Singapore?",
     "Garden City", "Windy City", "Big Apple", "Eternal City"),
    ("What is the currency of Singapore?",
     "The Singapore dollar", "The ringgit", "The rupiah", "The baht"),
    ("What is Singapore's international telephone calling code?",
     "+65", "+60", "+62", "+66"),
    ("What is Singapore's internet country-code top-level domain?",
     ".sg", ".sp", ".si", ".sn"),
    ("On which side of the road do vehicles drive in Singapore?",
     "The left", "The right", "Either side", "The centre"),
    ("The Singapore National Pledge begins 'We, the citizens of Singapore, pledge ourselves as one united people, regardless of ...'",
     "race, language or religion", "age, gender or wealth", "birth, class or creed", "rank, title or office"),
    ("Who wrote the Singapore National Pledge in 1966?",
     "S. Rajaratnam", "Lee Kuan Yew", "Goh Keng Swee", "Yusof Ishak"),
    ("Which type of electrical plug is standard in Singapore?",
     "Type G, the British-style three-pin plug", "Type A, the flat two-pin American plug",
     "Type C, the round two-pin European plug", "Type I, the angled Australian plug"),
]

SG_LANGUAGE: list[Q] = [
    ("How many official languages does Singapore have?",
     "Four", "Two", "Three", "Five"),
    ("Which of these is NOT one of Singapore's official languages?",
     "Hokkien", "Malay", "Tamil", "English"),
    ("What is the national language of Singapore?",
     "Malay", "English", "Mandarin", "Tamil"),
    ("Which language is the main working language of government and business in Singapore?",
     "English", "Malay", "Tamil", "Hokkien"),
    ("Which campaign, launched in 1979, encouraged Chinese Singaporeans to use Mandarin instead of dialects?",
     "The Speak Mandarin Campaign", "The Speak Good English Movement",
     "The Singapore Kindness Movement", "The Keep Singapore Clean Campaign"),
    ("Which movement, launched in 2000, promotes the use of standard English in Singapore?",
     "The Speak Good English Movement", "The Speak Mandarin Campaign",
     "The Singapore Kindness Movement", "The Total Defence campaign"),
    ("Among Singapore's official languages, Tamil is mainly associated with which community?",
     "The Indian community", "The Malay community", "The Chinese community", "The Eurasian community"),
    ("Which is Singapore's long-running English-language daily newspaper, founded in 1845?",
     "The Straits Times", "Lianhe Zaobao", "Berita Harian", "Tamil Murasu"),
    ("Lianhe Zaobao is a Singapore daily newspaper published in which language?",
     "Chinese", "English", "Malay", "Tamil"),
    ("Berita Harian is a Singapore daily newspaper published in which language?",
     "Malay", "English", "Chinese", "Tamil"),
]

SG_HISTORY: list[Q] = [
    ("In which year did Singapore become an independent country?",
     "1965", "1959", "1963", "1819"),
    ("From which federation did Singapore separate in 1965?",
     "Malaysia", "Indonesia", "Thailand", "Brunei"),
    ("In which year did Singapore join Malaysia?",
     "1963", "1957", "1959", "1965"),
    ("Who established a British trading post in Singapore in 1819?",
     "Stamford Raffles", "Francis Light", "James Brooke", "Vasco da Gama"),
    ("In which year did Stamford Raffles arrive in Singapore and set up a British trading post?",
     "1819", "1786", "1824", "1867"),
    ("Which country occupied Singapore during the Second World War?",
     "Japan", "Germany", "Italy", "The Soviet Union"),
    ("In which year did Singapore fall to Japanese forces?",
     "1942", "1939", "1941", "1945"),
    ("What was Singapore called during the Japanese Occupation?",
     "Syonan-to", "Temasek", "Nanyang", "Malaya"),
    ("Who was Singapore's first Prime Minister?",
     "Lee Kuan Yew", "Goh Chok Tong", "Tunku Abdul Rahman", "David Marshall"),
    ("Who was Singapore's first President?",
     "Yusof Ishak", "Benjamin Sheares", "Devan Nair", "Wee Kim Wee"),
    ("Who became Singapore's first Chief Minister in 1955?",
     "David Marshall", "Lim Yew Hock", "Lee Kuan Yew", "Toh Chin Chye"),
    ("In which year did Singapore attain full internal self-government?",
     "1959", "1955", "1963", "1965"),
    ("From 1826, Singapore was grouped with Penang and Malacca into which British administrative unit?",
     "The Straits Settlements", "The Federated Malay States", "British North Borneo", "The Malayan Union"),
    ("Which 1824 treaty divided the region into British and Dutch spheres of influence?",
     "The Anglo-Dutch Treaty", "The Treaty of Versailles", "The Treaty of Tordesillas", "The Treaty of Nanking"),
    ("In which year did Singapore become a member of the United Nations?",
     "1965", "1945", "1963", "1971"),
    ("Singapore is a founding member of which regional organisation established in 1967?",
     "ASEAN", "APEC", "The European Union", "SAARC"),
    ("In which year did Singapore's MRT begin passenger service?",
     "1987", "1977", "1997", "2003"),
    ("In which year did Singapore Changi Airport open?",
     "1981", "1965", "1971", "1995"),
    ("Fort Canning Hill was historically known in Malay as Bukit Larangan, meaning",
     "Forbidden Hill", "Lion Hill", "Golden Hill", "Windy Hill"),
    ("Which British general surrendered Singapore to the Japanese in February 1942?",
     "Arthur Percival", "Bernard Montgomery", "Douglas MacArthur", "Tomoyuki Yamashita"),
    ("Which Japanese general, nicknamed the 'Tiger of Malaya', led the capture of Singapore?",
     "Tomoyuki Yamashita", "Hideki Tojo", "Isoroku Yamamoto", "Arthur Percival"),
    ("In which year was the Housing & Development Board (HDB) set up?",
     "1960", "1945", "1975", "1990"),
    ("In which year was the Central Provident Fund (CPF) set up?",
     "1955", "1945", "1975", "1990"),
    ("Racial Harmony Day in Singapore, which recalls the 1964 race riots, is observed on",
     "21 July", "9 August", "1 May", "15 February"),
    ("Total Defence Day, marking the anniversary of the fall of Singapore in 1942, is observed on",
     "15 February", "9 August", "21 July", "1 January"),
]

SG_INSTITUTIONS: list[Q] = [
    ("In Singapore, HDB stands for",
     "Housing & Development Board", "Housing and Design Bureau", "Home Development Bank", "Heritage and Districts Board"),
    ("What is the main role of Singapore's HDB?",
     "Building and managing public housing", "Running the MRT network",
     "Collecting income tax", "Managing the national water supply"),
    ("In Singapore, CPF stands for",
     "Central Provident Fund", "Central Pension Fund", "Citizens' Provident Fund", "Common Public Fund"),
    ("Singapore's CPF is mainly",
     "a compulsory savings scheme for retirement, housing and healthcare",
     "a tax on goods and services", "a public transport fare card", "a national service unit"),
    ("In Singapore, NEA stands for",
     "National Environment Agency", "National Energy Authority", "National Education Agency", "Natural Environment Association"),
    ("In Singapore, LTA stands for",
     "Land Transport Authority", "Local Traffic Agency", "Land Tax Authority", "Licensing and Transport Agency"),
    ("Which Singapore agency plans and builds land transport such as the MRT network and roads?",
     "The Land Transport Authority (LTA)", "The Housing & Development Board (HDB)",
     "The National Environment Agency (NEA)", "The Monetary Authority of Singapore (MAS)"),
    ("In Singapore, URA stands for",
     "Urban Redevelopment Authority", "Urban Roads Agency", "Utilities Regulatory Authority", "Union of Residents' Associations"),
    ("Which agency is Singapore's national water agency?",
     "PUB", "NEA", "LTA", "HDB"),
    ("Which institution acts as Singapore's central bank?",
     "The Monetary Authority of Singapore", "The Central Provident Fund Board",
     "The Land Transport Authority", "The Urban Redevelopment Authority"),
    ("National Service in Singapore is compulsory for which group?",
     "Male Singapore citizens and second-generation permanent residents",
     "All residents over the age of 60", "Only people who volunteer", "Foreign students"),
    ("In Singapore, SAF stands for",
     "Singapore Armed Forces", "Singapore Air Force", "Security and Alert Force", "Singapore Auxiliary Fleet"),
    ("Which government agency manages Singapore's public hawker centres?",
     "The National Environment Agency (NEA)", "The Land Transport Authority (LTA)",
     "The Monetary Authority of Singapore (MAS)", "The Central Provident Fund Board (CPF Board)"),
    ("Which Singapore agency leads dengue control, such as inspecting homes for mosquito breeding?",
     "The National Environment Agency (NEA)", "The Land Transport Authority (LTA)",
     "The Monetary Authority of Singapore (MAS)", "The Urban Redevelopment Authority (URA)"),
    ("What is an EZ-Link card mainly used for in Singapore?",
     "Paying public transport fares", "Voting in elections", "Entering the country", "Borrowing library books only"),
    ("In Singapore, ERP refers to",
     "Electronic Road Pricing, a road congestion charge", "Emergency Rescue Police",
     "Estate Repair Plan", "Express Rail Passage"),
    ("A Certificate of Entitlement (COE) in Singapore gives the right to",
     "own and use a vehicle for ten years", "buy an HDB flat", "vote in elections", "work in Singapore"),
    ("In Singapore, GST stands for",
     "Goods and Services Tax", "General Sales Tariff", "Government Service Tax", "Gross Spending Tax"),
    ("In Singapore, NUS stands for",
     "National University of Singapore", "Nanyang University of Science",
     "National Union of Students", "New University of Singapore"),
    ("How many chambers does Singapore's Parliament have?",
     "One (it is unicameral)", "Two (it is bicameral)", "Three", "None; laws are made by the President alone"),
    ("Singapore's form of government is best described as",
     "a parliamentary republic", "an absolute monarchy", "a constitutional monarchy", "a federal presidential republic"),
    ("Which office is Singapore's head of state?",
     "The President", "The Prime Minister", "The Chief Justice", "The Speaker of Parliament"),
    ("The Istana in Singapore is the official residence and office of",
     "the President of Singapore", "the Chief Justice", "the Speaker of Parliament", "the Mayor of Singapore"),
    ("NEWater in Singapore is",
     "high-grade reclaimed water", "imported bottled water", "desalinated sea water only", "rainwater collected on rooftops"),
    ("Which airline is Singapore's national carrier?",
     "Singapore Airlines", "Malaysia Airlines", "Garuda Indonesia", "Thai Airways"),
    ("The CMIO framework groups Singaporeans as Chinese, Malay, Indian and",
     "Others", "Orang Asli", "Overseas", "Oceanian"),
    ("Which is the largest ethnic group in Singapore?",
     "Chinese", "Malay", "Indian", "Eurasian"),
]

SG_MRT: list[Q] = [
    ("What colour is the North-South Line on Singapore's MRT map?",
     "Red", "Green", "Purple", "Blue"),
    ("What colour is the East-West Line on Singapore's MRT map?",
     "Green", "Red", "Brown", "Purple"),
    ("What colour is the North East Line on Singapore's MRT map?",
     "Purple", "Blue", "Green", "Brown"),
    ("What colour is the Downtown Line on Singapore's MRT map?",
     "Blue", "Red", "Purple", "Brown"),
    ("What colour is the Thomson-East Coast Line on Singapore's MRT map?",
     "Brown", "Blue", "Red", "Green"),
    ("What colour is the Circle Line on Singapore's MRT map?",
     "Orange", "Red", "Blue", "Purple"),
    ("Stations with codes starting with 'EW' are on which MRT line?",
     "The East-West Line", "The North-South Line", "The Downtown Line", "The Circle Line"),
    ("Stations with codes starting with 'TE' are on which MRT line?",
     "The Thomson-East Coast Line", "The East-West Line", "The North East Line", "The Downtown Line"),
    ("Which MRT line, opened in 2003, was Singapore's first driverless MRT line?",
     "The North East Line", "The North-South Line", "The East-West Line", "The Downtown Line"),
    ("Which MRT line forms a loop around Singapore's central area?",
     "The Circle Line", "The North-South Line", "The East-West Line", "The North East Line"),
    ("Towns such as Bukit Panjang, Sengkang and Punggol have feeder rail lines of which kind?",
     "Light Rail Transit (LRT)", "Trams", "Funicular railways", "Cable cars"),
    ("Which of these MRT stations is an interchange between the North-South and East-West Lines?",
     "Jurong East", "Serangoon", "HarbourFront", "Outram Park"),
    ("The Sentosa Express monorail links Sentosa with which mainland area?",
     "HarbourFront", "Changi", "Woodlands", "Jurong East"),
    ("Which activity is prohibited on Singapore's MRT trains?",
     "Eating and drinking", "Reading a book", "Using a mobile phone", "Standing"),
    ("Which fruit, known for its strong smell, is not allowed on Singapore's MRT trains?",
     "Durian", "Mango", "Rambutan", "Mangosteen"),
]

SG_FOOD: list[Q] = [
    ("In Hainanese chicken rice, the rice is usually cooked with",
     "chicken stock and chicken fat", "coconut milk", "tomato sauce", "squid ink"),
    ("Nasi lemak is rice cooked in which ingredient?",
     "Coconut milk", "Chicken stock", "Black tea", "Soy milk"),
    ("Singapore's Katong laksa is best described as",
     "noodles in a spicy coconut curry broth", "stir-fried flat rice noodles",
     "grilled meat skewers", "a deep-fried dough stick"),
    ("Char kway teow is",
     "stir-fried flat rice noodles with dark soy sauce", "a clear pork rib soup",
     "a shaved ice dessert", "a steamed rice cake"),
    ("Satay is usually served with which dipping sauce?",
     "Peanut sauce", "Tartar sauce", "Mint sauce", "Cheese sauce"),
    ("Roti prata is most commonly eaten with",
     "curry", "custard", "maple syrup", "jam and cream"),
    ("Kaya, the spread used on kaya toast, is a jam made mainly from",
     "coconut milk, eggs and sugar", "strawberries and sugar", "peanuts and butter", "durian and cream"),
    ("Fried buns called mantou are often eaten with which Singapore seafood dish to mop up the sauce?",
     "Chilli crab", "Fish head curry", "Oyster omelette", "Sambal stingray"),
    ("Bak kut teh is a soup made mainly with",
     "pork ribs", "beef brisket", "chicken feet", "fish balls"),
    ("Ice kachang is",
     "a shaved ice dessert with syrup and toppings", "a spicy noodle soup",
     "a fried rice dish", "a savoury fried snack"),
    ("Which dessert features green pandan jelly strands, coconut milk and palm sugar (gula melaka)?",
     "Chendol", "Kueh lapis", "Tau huay", "Pineapple tart"),
    ("Popiah is",
     "a fresh spring roll with a thin wheat skin and vegetable filling",
     "a deep-fried fish cake", "a sweet rice cake", "a coconut pudding"),
    ("At a kopitiam, 'kopi-O' is",
     "black coffee with sugar", "coffee with condensed milk",
     "coffee with evaporated milk and sugar", "black coffee with no sugar"),
    ("At a kopitiam, 'kopi-O kosong' is",
     "black coffee with no sugar and no milk", "black coffee with sugar",
     "coffee with condensed milk", "iced coffee with milk"),
    ("At a kopitiam, adding 'peng' to a drink order means you want it",
     "iced", "without sugar", "extra strong", "less sweet"),
    ("At a kopitiam, 'siew dai' in a drink order means",
     "less sugar", "more sugar", "no sugar", "extra strong"),
    ("In 2020, Singapore's hawker culture was inscribed on which list?",
     "UNESCO's Representative List of the Intangible Cultural Heritage of Humanity",
     "UNESCO's World Heritage List of natural sites",
     "The Michelin Guide's three-star list", "The Guinness World Records list"),
    ("Otah (otak-otak) is",
     "a spiced fish cake grilled in a leaf wrapper", "a sweet coconut drink",
     "a type of fried noodle", "a steamed pork bun"),
    ("Singapore-style Hokkien mee is",
     "stir-fried yellow and rice noodles with prawns and squid in a rich stock",
     "rice cooked in coconut milk and served with sambal",
     "grilled skewered meat with peanut sauce", "flatbread served with curry"),
    ("Singapore's hawker 'carrot cake' (chai tow kway) is actually made from",
     "white radish and rice flour", "orange carrots and wheat flour",
     "potatoes and eggs", "pumpkin and sugar"),
    ("Chinese rojak is a salad tossed in a sauce made with",
     "fermented prawn paste, sugar and crushed peanuts", "mayonnaise and mustard",
     "olive oil and vinegar", "yoghurt and mint"),
    ("In teh tarik, what does 'tarik' refer to?",
     "Pulling the tea by pouring it between two vessels to froth it",
     "Adding ginger to the tea", "Serving the tea over ice", "Brewing the tea overnight"),
    ("In Singapore, a 'kopitiam' is",
     "a traditional coffee shop", "a public library", "a type of bus stop", "a wet market stall selling fish"),
]

SG_LANDMARKS: list[Q] = [
    ("How many hotel towers does Marina Bay Sands have?",
     "Three", "Two", "Four", "Five"),
    ("The Supertree Grove is part of which Singapore attraction?",
     "Gardens by the Bay", "Singapore Botanic Gardens", "Fort Canning Park", "East Coast Park"),
    ("Which Singapore building is nicknamed 'the durian' because of its spiky roof?",
     "Esplanade - Theatres on the Bay", "Marina Bay Sands", "The Singapore Flyer", "The National Stadium"),
    ("The Singapore Flyer is",
     "a giant observation wheel", "a roller coaster", "a cable car", "an airline"),
    ("The Singapore Sling cocktail is credited to which hotel?",
     "Raffles Hotel", "Marina Bay Sands", "The Fullerton Hotel", "Goodwood Park Hotel"),
    ("The Rain Vortex, billed as the world's tallest indoor waterfall, is at",
     "Jewel Changi Airport", "Marina Bay Sands", "Sentosa", "Orchard Road"),
    ("Which Singapore road is best known as a shopping street?",
     "Orchard Road", "Mandai Road", "Lim Chu Kang Road", "Tuas South Avenue"),
    ("The Buddha Tooth Relic Temple is in which Singapore district?",
     "Chinatown", "Little India", "Kampong Glam", "Katong"),
    ("The Sultan Mosque is in which Singapore district?",
     "Kampong Glam", "Chinatown", "Little India", "Tiong Bahru"),
    ("Which Singapore district, centred on Serangoon Road, is the heart of the Indian community?",
     "Little India", "Kampong Glam", "Chinatown", "Holland Village"),
    ("Singapore's oldest Hindu temple, the Sri Mariamman Temple, stands in which district?",
     "Chinatown", "Little India", "Kampong Glam", "Geylang"),
    ("The best-known Merlion statue, at Merlion Park, faces which body of water?",
     "Marina Bay", "The Johor Strait", "Kallang Basin", "Sungei Buloh"),
    ("In which area of Singapore is the National Stadium?",
     "Kallang", "Jurong", "Bishan", "Changi"),
    ("Which Singapore park is famous for statues depicting the Ten Courts of Hell from Chinese folklore?",
     "Haw Par Villa", "East Coast Park", "Bishan-Ang Mo Kio Park", "Fort Canning Park"),
    ("Haw Par Villa was built by the brothers who made which famous ointment?",
     "Tiger Balm", "Vicks VapoRub", "Zam-Buk", "White Flower Oil"),
    ("Which Singapore attraction opened in 1994 as the world's first nocturnal zoo?",
     "The Night Safari", "The River Safari", "Jurong Bird Park", "S.E.A. Aquarium"),
    ("The Singapore Cable Car connects Sentosa with which hill?",
     "Mount Faber", "Bukit Timah Hill", "Fort Canning Hill", "Bukit Batok"),
    ("National Gallery Singapore occupies which two historic buildings?",
     "The former Supreme Court and City Hall", "Raffles Hotel and the Fullerton Building",
     "The Istana and Eden Hall", "The old Tanjong Pagar Railway Station and the Central Fire Station"),
    ("The Fullerton Hotel building once housed Singapore's",
     "General Post Office", "Supreme Court", "Central Fire Station", "main railway station"),
    ("Which site became Singapore's first UNESCO World Heritage Site in 2015?",
     "Singapore Botanic Gardens", "Gardens by the Bay", "Sentosa", "Chinatown"),
    ("The National Orchid Garden is located within",
     "Singapore Botanic Gardens", "Gardens by the Bay", "Pulau Ubin", "Changi Airport"),
    ("Singapore's Speakers' Corner is located in",
     "Hong Lim Park", "East Coast Park", "Bishan Park", "Pasir Ris Park"),
]

SG_SINGLISH: list[Q] = [
    ("In Singlish, 'lah' is most commonly used as",
     "a sentence-final particle that adds emphasis or tone", "a greeting", "a word for food", "a question word meaning 'where'"),
    ("In Singlish, 'makan' means",
     "to eat, or food", "to sleep", "to walk", "to shop"),
    ("In Singlish, 'kiasu' describes someone who is",
     "afraid of losing out to others", "very lazy", "extremely generous", "always sleepy"),
    ("In Singlish, if food is 'shiok', it is",
     "really delicious and satisfying", "too salty", "burnt", "cold"),
    ("In Singlish, to 'chope' a seat means to",
     "reserve it, for example with a packet of tissues", "break it", "clean it", "give it away"),
    ("In Singlish, feeling 'paiseh' means feeling",
     "embarrassed or shy", "very hungry", "angry", "proud"),
    ("In Singlish, feeling 'sian' means feeling",
     "bored or fed up", "excited", "lucky", "hungry"),
    ("In Singlish, 'alamak' is",
     "an exclamation of dismay, like 'oh no!'", "a polite greeting", "a word for a bus", "a type of dessert"),
    ("In Singlish, someone who is 'blur' is",
     "confused or slow to understand", "very fast", "wealthy", "short-sighted"),
    ("In Singlish, a place or person described as 'atas' is",
     "high-class or snobbish", "cheap and run-down", "far away", "noisy"),
    ("In Singlish, a 'kaypoh' is",
     "a busybody who pokes into others' affairs", "a generous host", "a hardworking student", "a good cook"),
    ("In Singlish, the complaint 'bo jio' means",
     "you didn't invite me", "I am too tired", "the food is bad", "it is too expensive"),
    ("In Singlish, to 'tapau' (da bao) food means to",
     "take it away to eat elsewhere", "cook it at home", "throw it away", "share it with friends"),
    ("In Singlish, 'kena' (as in 'kena fined') means",
     "to be subjected to something, usually unpleasant", "to win something", "to avoid something", "to forget something"),
    ("In Singlish, a situation that is 'jialat' is",
     "really bad or terrible", "very funny", "very easy", "very cheap"),
    ("In Singlish, the question 'Can or not?' means",
     "Is it possible, or can it be done?", "Where is it?", "How much does it cost?", "Who are you?"),
    ("In Singlish, to 'lepak' means to",
     "loaf around and relax", "work overtime", "run quickly", "argue loudly"),
    ("In Singlish, to 'sabo' someone means to",
     "sabotage or play a trick on them", "save them from danger", "salute them", "send them a gift"),
    ("In Singlish, if a lecture was very 'cheem', it was",
     "too deep or complicated", "very short", "very funny", "very loud"),
    ("In Singlish, a place described as 'ulu' is",
     "remote and out of the way", "crowded and busy", "expensive", "brand new"),
    ("In Singlish, someone who is 'kiasi' is",
     "overly afraid of risk", "very brave", "very rich", "very tall"),
    ("In Singlish, to 'gostan' means to",
     "reverse a vehicle", "speed up", "park illegally", "honk the horn"),
    ("In Singlish, 'catch no ball' means to",
     "not understand something", "lose a game", "be very clumsy", "skip school"),
    ("In Singlish, 'buay tahan' means",
     "cannot stand it any more", "cannot find it", "cannot afford it", "cannot see it"),
    ("In Singlish, someone sharing a good 'lobang' is sharing",
     "an opportunity or a good deal", "a hole in the road", "a secret recipe", "a funny joke"),
    ("Besides meaning 'squid', calling someone a 'sotong' in Singlish means they are",
     "clueless or blur", "very strong", "very wealthy", "very punctual"),
    ("In Singlish, exclaiming 'Heng ah!' expresses",
     "relief at being lucky", "anger at being cheated", "hunger", "boredom"),
    ("In Singlish, feeling 'suay' means feeling",
     "unlucky", "lucky", "sleepy", "full"),
    ("In Singapore, 'kampong' refers to a",
     "village", "shopping mall", "highway", "harbour"),
    ("In an HDB block, the 'void deck' is",
     "the open ground-floor space", "the rooftop garden", "the rubbish chute", "the car park basement"),
]

SG_LAWS_CULTURE: list[Q] = [
    ("Since 1992, Singapore has banned the sale of which item, apart from limited therapeutic exceptions?",
     "Chewing gum", "Chocolate", "Soft drinks", "Instant noodles"),
    ("In which year did Singapore ban the import and sale of chewing gum?",
     "1992", "1965", "1980", "2004"),
    ("A Corrective Work Order in Singapore requires offenders such as litterbugs to",
     "clean public areas", "pay a road toll", "leave the country", "attend a cooking class"),
    ("Voting in Singapore's general elections is",
     "compulsory for eligible citizens", "optional for all citizens", "open only to property owners", "done by the President alone"),
    ("Deepavali, a public holiday in Singapore, is known as the festival of",
     "lights", "lanterns", "boats", "kites"),
    ("During which Hindu festival do devotees in Singapore carry kavadis in a procession to the temple on Tank Road?",
     "Thaipusam", "Deepavali", "Pongal", "Holi"),
    ("Chingay, held every year in Singapore, is",
     "a street parade linked to Chinese New Year celebrations", "a dragon boat race",
     "a marathon", "a film festival"),
    ("Which food is traditionally eaten at the Mid-Autumn Festival?",
     "Mooncakes", "Rice dumplings", "Pineapple tarts", "Ketupat"),
    ("Hari Raya Puasa marks the end of which month of fasting?",
     "Ramadan", "Muharram", "Dhu al-Hijjah", "Rajab"),
    ("The Hungry Ghost Festival is observed in which month of the lunar calendar?",
     "The seventh month", "The first month", "The third month", "The twelfth month"),
    ("The popular National Day song 'Home' (1998) was written by",
     "Dick Lee", "Zubir Said", "Kit Chan", "JJ Lin"),
    ("In Peranakan culture, 'baba' refers to men and 'nyonya' refers to",
     "women", "children", "grandparents", "servants"),
    ("Which traditional blouse, worn with a sarong, is associated with Peranakan women?",
     "The kebaya", "The kimono", "The sari", "The hanbok"),
    ("In 2008, Singapore hosted Formula One's first-ever",
     "night race", "street race", "race in Asia", "electric car race"),
    ("Singapore hosted the first-ever edition of which event in 2010?",
     "The Summer Youth Olympic Games", "The Asian Games", "The Commonwealth Games", "The SEA Games"),
    ("In which sport did Singapore win its first Olympic gold medal, at Rio 2016?",
     "Swimming", "Table tennis", "Badminton", "Sailing"),
    ("Singapore's first Olympic medal, a silver in 1960, was won in which sport?",
     "Weightlifting", "Swimming", "Table tennis", "Athletics"),
]

SINGAPORE: list[Q] = (SG_GEOGRAPHY + SG_CLIMATE + SG_SYMBOLS + SG_LANGUAGE + SG_HISTORY
                      + SG_INSTITUTIONS + SG_MRT + SG_FOOD + SG_LANDMARKS + SG_SINGLISH + SG_LAWS_CULTURE)

# --------------------------------------------------------------------------- general knowledge

GEN_SCIENCE: list[Q] = [
    ("What is the chemical symbol for gold?", "Au", "Ag", "Gd", "Go"),
    ("Which element has the chemical symbol Na?", "Sodium", "Nitrogen", "Neon", "Nickel"),
    ("What is the chemical formula of water?", "H2O", "CO2", "O2", "NaCl"),
    ("Which planet is closest to the Sun?", "Mercury", "Venus", "Earth", "Mars"),
    ("Which is the largest planet in the Solar System?", "Jupiter", "Saturn", "Neptune", "Earth"),
    ("Which planet is known as the Red Planet?", "Mars", "Venus", "Jupiter", "Mercury"),
    ("Which gas do plants take in from the air for photosynthesis?",
     "Carbon dioxide", "Oxygen", "Nitrogen", "Helium"),
    ("Which part of a cell is often called its powerhouse because it releases energy?",
     "The mitochondrion", "The nucleus", "The cell wall", "The ribosome"),
    ("Which is the hardest naturally occurring substance?", "Diamond", "Gold", "Granite", "Iron"),
    ("The speed of light in a vacuum is closest to",
     "300,000 kilometres per second", "300 kilometres per second",
     "3,000 kilometres per hour", "300,000 kilometres per hour"),
    ("The normal human body temperature is about",
     "37 degrees Celsius", "30 degrees Celsius", "42 degrees Celsius", "25 degrees Celsius"),
    ("How many bones are in a typical adult human skeleton?", "206", "106", "306", "186"),
    ("How many chromosomes are in a typical human body cell?", "46", "23", "44", "48"),
    ("Which is the largest organ of the human body?", "The skin", "The liver", "The brain", "The lungs"),
    ("Which blood vessels carry blood away from the heart?", "Arteries", "Veins", "Capillaries only", "Lymph ducts"),
    ("What is the pH of pure water at 25 degrees Celsius?", "7", "0", "14", "1"),
    ("Which acid is found in the human stomach?", "Hydrochloric acid", "Sulphuric acid", "Citric acid", "Acetic acid"),
    ("Which gas makes up most of Earth's atmosphere?", "Nitrogen", "Oxygen", "Carbon dioxide", "Argon"),
    ("At sea level, water boils at", "100 degrees Celsius", "90 degrees Celsius", "120 degrees Celsius", "212 degrees Celsius"),
    ("At normal pressure, pure water freezes at", "0 degrees Celsius", "4 degrees Celsius", "-10 degrees Celsius", "32 degrees Celsius"),
    ("What is the SI unit of electrical resistance?", "The ohm", "The volt", "The ampere", "The watt"),
    ("What is the SI unit of force?", "The newton", "The joule", "The pascal", "The watt"),
    ("What is the SI unit of power?", "The watt", "The joule", "The newton", "The volt"),
    ("What is the SI unit of energy?", "The joule", "The watt", "The newton", "The ampere"),
    ("What is the SI unit of frequency?", "The hertz", "The metre", "The tesla", "The kelvin"),
    ("Who developed the theory of general relativity?", "Albert Einstein", "Isaac Newton", "Niels Bohr", "Galileo Galilei"),
    ("Who formulated the three laws of motion and the law of universal gravitation?",
     "Isaac Newton", "Albert Einstein", "Charles Darwin", "Michael Faraday"),
    ("Who is best known for creating the periodic table of the elements in 1869?",
     "Dmitri Mendeleev", "Marie Curie", "John Dalton", "Antoine Lavoisier"),
    ("Who discovered penicillin in 1928?", "Alexander Fleming", "Louis Pasteur", "Edward Jenner", "Robert Koch"),
    ("Which scientists described the double-helix structure of DNA in 1953?",
     "James Watson and Francis Crick", "Marie and Pierre Curie", "Orville and Wilbur Wright", "Gregor Mendel and Charles Darwin"),
    ("Who proposed the theory of evolution by natural selection in 'On the Origin of Species'?",
     "Charles Darwin", "Gregor Mendel", "Isaac Newton", "Louis Pasteur"),
    ("A light-year is a unit of", "distance", "time", "brightness", "speed"),
    ("Sound cannot travel through", "a vacuum", "water", "steel", "air"),
    ("What is the change of water vapour into liquid water called?", "Condensation", "Evaporation", "Sublimation", "Melting"),
    ("What is the change of a solid directly into a gas called?", "Sublimation", "Condensation", "Freezing", "Melting"),
    ("Which vitamin does the skin make when exposed to sunlight?", "Vitamin D", "Vitamin C", "Vitamin A", "Vitamin K"),
    ("A long-term lack of vitamin C causes which disease?", "Scurvy", "Rickets", "Beriberi", "Anaemia"),
    ("Which organ produces insulin?", "The pancreas", "The liver", "The kidney", "The stomach"),
    ("In which part of a plant cell does photosynthesis take place?", "The chloroplast", "The nucleus", "The vacuole", "The cell wall"),
    ("What is the nearest star to Earth?", "The Sun", "Proxima Centauri", "Sirius", "Polaris"),
    ("Which is the most abundant element in the universe?", "Hydrogen", "Oxygen", "Carbon", "Iron"),
    ("Which element has atomic number 6?", "Carbon", "Oxygen", "Nitrogen", "Helium"),
    ("Which metal is liquid at room temperature?", "Mercury", "Iron", "Aluminium", "Copper"),
    ("Which is the largest animal on Earth?", "The blue whale", "The African elephant", "The whale shark", "The giraffe"),
    ("Which is the fastest land animal?", "The cheetah", "The lion", "The horse", "The greyhound"),
    ("Which is the tallest living animal?", "The giraffe", "The elephant", "The camel", "The ostrich"),
    ("How many legs does a spider have?", "Eight", "Six", "Ten", "Four"),
    ("How many legs does an insect have?", "Six", "Eight", "Four", "Ten"),
    ("An animal that eats only plants is called", "a herbivore", "a carnivore", "an omnivore", "a scavenger"),
    ("Which organ pumps blood around the human body?", "The heart", "The lungs", "The liver", "The stomach"),
]

GEN_GEOGRAPHY: list[Q] = [
    ("Which is the largest ocean on Earth?", "The Pacific Ocean", "The Atlantic Ocean", "The Indian Ocean", "The Arctic Ocean"),
    ("Which is the highest mountain above sea level?", "Mount Everest", "K2", "Kangchenjunga", "Mont Blanc"),
    ("Which is the largest hot desert in the world?", "The Sahara", "The Gobi", "The Kalahari", "The Mojave"),
    ("Which is the largest continent by area?", "Asia", "Africa", "North America", "Europe"),
    ("Which is the largest country by area?", "Russia", "Canada", "China", "Brazil"),
    ("The Great Barrier Reef lies off the coast of which country?", "Australia", "Indonesia", "Brazil", "South Africa"),
    ("The equator passes through which of these countries?", "Ecuador", "Mexico", "Egypt", "Japan"),
    ("Mount Kilimanjaro is in which country?", "Tanzania", "Nepal", "Peru", "Switzerland"),
    ("The Panama Canal connects which two oceans?",
     "The Atlantic and the Pacific", "The Atlantic and the Indian", "The Pacific and the Arctic", "The Indian and the Southern"),
    ("The Suez Canal connects the Mediterranean Sea with which sea?", "The Red Sea", "The Black Sea", "The Caspian Sea", "The North Sea"),
    ("The Andes mountain range is on which continent?", "South America", "Africa", "Asia", "Europe"),
    ("Which is the largest island in the world that is not a continent?", "Greenland", "Madagascar", "Borneo", "Iceland"),
    ("Which country is known as the 'Land of the Rising Sun'?", "Japan", "China", "Thailand", "South Korea"),
    ("The Prime Meridian (0 degrees longitude) passes through which place?",
     "Greenwich, London", "Paris", "Rome", "Cairo"),
    ("What is the deepest known part of the world's oceans?", "The Mariana Trench", "The Java Trench", "The Puerto Rico Trench", "The Red Sea"),
    ("Which river flows through Cairo?", "The Nile", "The Amazon", "The Danube", "The Ganges"),
    ("Which river flows through Paris?", "The Seine", "The Thames", "The Rhine", "The Tiber"),
    ("Which river flows through London?", "The Thames", "The Seine", "The Danube", "The Shannon"),
    ("Which river flows through both Vienna and Budapest?", "The Danube", "The Rhine", "The Volga", "The Elbe"),
    ("Which country is shaped roughly like a boot?", "Italy", "Spain", "Greece", "Portugal"),
]

GEN_HISTORY: list[Q] = [
    ("Who was the first person to walk on the Moon?", "Neil Armstrong", "Buzz Aldrin", "Yuri Gagarin", "John Glenn"),
    ("In which year did humans first land on the Moon?", "1969", "1959", "1972", "1961"),
    ("Who was the first human to travel into space, in 1961?", "Yuri Gagarin", "Neil Armstrong", "John Glenn", "Alan Shepard"),
    ("In which year did the Second World War end?", "1945", "1939", "1918", "1950"),
    ("In which year did the First World War begin?", "1914", "1918", "1939", "1905"),
    ("In which year did the Berlin Wall fall?", "1989", "1961", "1991", "1975"),
    ("In which year did Christopher Columbus first reach the Americas?", "1492", "1066", "1588", "1776"),
    ("Who introduced movable-type printing to Europe in the 15th century?",
     "Johannes Gutenberg", "William Caxton", "Martin Luther", "Leonardo da Vinci"),
    ("Which of the Seven Wonders of the Ancient World is still standing?",
     "The Great Pyramid of Giza", "The Colossus of Rhodes", "The Lighthouse of Alexandria", "The Hanging Gardens of Babylon"),
    ("Who painted the Mona Lisa?", "Leonardo da Vinci", "Michelangelo", "Vincent van Gogh", "Pablo Picasso"),
    ("Who wrote the play 'Romeo and Juliet'?", "William Shakespeare", "Charles Dickens", "Jane Austen", "Geoffrey Chaucer"),
    ("In which year did the French Revolution begin?", "1789", "1776", "1815", "1848"),
    ("In which year was the United States Declaration of Independence adopted?", "1776", "1789", "1812", "1865"),
    ("Who made the first successful powered aeroplane flights in 1903?",
     "The Wright brothers", "The Montgolfier brothers", "Charles Lindbergh", "Amelia Earhart"),
    ("In which year did the Titanic sink?", "1912", "1905", "1921", "1898"),
    ("Which civilisation built Machu Picchu?", "The Inca", "The Aztecs", "The Maya", "The Romans"),
    ("In which year was the United Nations founded?", "1945", "1919", "1950", "1939"),
    ("Which ancient city was buried by the eruption of Mount Vesuvius in AD 79?", "Pompeii", "Athens", "Carthage", "Troy"),
]

GEN_MATH_REASONING: list[Q] = [
    ("What is the smallest prime number?", "2", "1", "3", "0"),
    ("How many sides does a hexagon have?", "Six", "Five", "Seven", "Eight"),
    ("What is the sum of the interior angles of a triangle?", "180 degrees", "90 degrees", "270 degrees", "360 degrees"),
    ("What is the value of pi to two decimal places?", "3.14", "3.41", "3.12", "2.72"),
    ("What is the square root of 144?", "12", "14", "11", "72"),
    ("What is the next number in the sequence 2, 4, 8, 16, ...?", "32", "24", "20", "30"),
    ("What is the Roman numeral for 50?", "L", "C", "D", "X"),
    ("What number does the Roman numeral XIV represent?", "14", "16", "9", "41"),
    ("What is the angle between the hands of a clock at exactly 3 o'clock?", "90 degrees", "45 degrees", "180 degrees", "30 degrees"),
    ("If you face north and turn 90 degrees clockwise, which direction do you face?", "East", "West", "South", "North-west"),
    ("In which direction does the Sun rise?", "East", "West", "North", "South"),
    ("If today is Monday, what day will it be in three days?", "Thursday", "Wednesday", "Friday", "Tuesday"),
    ("If today is Friday, what day was it two days ago?", "Wednesday", "Thursday", "Sunday", "Tuesday"),
    ("How many months of the year have 31 days?", "Seven", "Six", "Five", "Eight"),
    ("Which month has the fewest days?", "February", "April", "June", "November"),
    ("How many days are there in a leap year?", "366", "365", "364", "360"),
    ("How many years are there in a century?", "100", "10", "1,000", "50"),
    ("How many years are there in a decade?", "10", "100", "5", "12"),
    ("How many items are in a dozen?", "12", "10", "6", "20"),
    ("Which weighs more: a kilogram of feathers or a kilogram of iron?",
     "They weigh the same", "The kilogram of iron", "The kilogram of feathers", "It depends on the weather"),
    ("A shirt costs $40 and is sold at 25% off. What is the sale price?", "$30", "$35", "$15", "$10"),
    ("What does a red traffic light tell drivers to do?", "Stop", "Speed up", "Turn left", "Sound the horn"),
    ("A train leaves at 9:45 and the journey takes 50 minutes. When does it arrive?", "10:35", "10:25", "10:45", "10:15"),
    ("If 5 pencils cost $2, how much do 15 pencils cost at the same price?", "$6", "$5", "$7.50", "$10"),
    ("Which word means the opposite of 'ancient'?", "Modern", "Old", "Historic", "Antique"),
    ("What is half of a quarter?", "One eighth", "One sixth", "One half", "One third"),
]

GEN_UNITS: list[Q] = [
    ("How many centimetres are in one inch, to two decimal places?", "2.54", "2.45", "3.28", "1.61"),
    ("How many inches are in one foot?", "12", "10", "16", "36"),
    ("One mile is closest to how many kilometres?", "1.6", "1.2", "2.2", "3.3"),
    ("Water boils at 100 degrees Celsius. What is that in degrees Fahrenheit?", "212", "180", "200", "100"),
    ("What is 0 degrees Celsius in degrees Fahrenheit?", "32", "0", "-32", "100"),
    ("How many hours are there in one week?", "168", "144", "120", "186"),
    ("How many kilograms are in one tonne?", "1,000", "100", "10,000", "2,000"),
    ("How many square centimetres are in one square metre?", "10,000", "100", "1,000", "100,000"),
    ("How many millilitres are in one litre?", "1,000", "100", "10", "10,000"),
    ("How many seconds are in one hour?", "3,600", "360", "600", "6,000"),
    ("How many minutes are in one day?", "1,440", "1,200", "720", "2,400"),
    ("How many bytes are in one kibibyte (KiB)?", "1,024", "1,000", "512", "2,048"),
]

# Capitals, each with three other well-known cities of the same country as distractors.
CAPITALS: list[tuple[str, str, str, str, str]] = [
    ("France", "Paris", "Lyon", "Marseille", "Nice"),
    ("Japan", "Tokyo", "Osaka", "Kyoto", "Yokohama"),
    ("Australia", "Canberra", "Sydney", "Melbourne", "Perth"),
    ("Canada", "Ottawa", "Toronto", "Vancouver", "Montreal"),
    ("Brazil", "Brasilia", "Rio de Janeiro", "Sao Paulo", "Salvador"),
    ("Egypt", "Cairo", "Alexandria", "Luxor", "Aswan"),
    ("Kenya", "Nairobi", "Mombasa", "Kisumu", "Nakuru"),
    ("Italy", "Rome", "Milan", "Naples", "Venice"),
    ("Spain", "Madrid", "Barcelona", "Seville", "Valencia"),
    ("Germany", "Berlin", "Munich", "Hamburg", "Frankfurt"),
    ("Thailand", "Bangkok", "Chiang Mai", "Phuket", "Pattaya"),
    ("the Philippines", "Manila", "Cebu City", "Davao City", "Baguio"),
    ("Vietnam", "Hanoi", "Ho Chi Minh City", "Da Nang", "Hue"),
    ("South Korea", "Seoul", "Busan", "Incheon", "Daegu"),
    ("China", "Beijing", "Shanghai", "Guangzhou", "Shenzhen"),
    ("India", "New Delhi", "Mumbai", "Kolkata", "Bengaluru"),
    ("Russia", "Moscow", "Saint Petersburg", "Novosibirsk", "Kazan"),
    ("Turkey", "Ankara", "Istanbul", "Izmir", "Antalya"),
    ("New Zealand", "Wellington", "Auckland", "Christchurch", "Dunedin"),
    ("Nigeria", "Abuja", "Lagos", "Kano", "Ibadan"),
    ("Pakistan", "Islamabad", "Karachi", "Lahore", "Peshawar"),
    ("Argentina", "Buenos Aires", "Cordoba", "Rosario", "Mendoza"),
    ("Norway", "Oslo", "Bergen", "Trondheim", "Stavanger"),
    ("Portugal", "Lisbon", "Porto", "Braga", "Faro"),
    ("Greece", "Athens", "Thessaloniki", "Patras", "Heraklion"),
    ("Ireland", "Dublin", "Cork", "Galway", "Limerick"),
    ("Cambodia", "Phnom Penh", "Siem Reap", "Battambang", "Sihanoukville"),
    ("Morocco", "Rabat", "Casablanca", "Marrakesh", "Fez"),
]


def capital_questions() -> list[Q]:
    return [(f"What is the capital of {country}?", cap, d1, d2, d3) for country, cap, d1, d2, d3 in CAPITALS]


def arithmetic_questions(rng: random.Random) -> list[Q]:
    """Simple arithmetic with computed answers and near-miss numeric distractors."""
    out: list[Q] = []

    def numeric(question: str, answer: int, offsets: tuple[int, ...]) -> Q:
        cands = [answer + o for o in offsets if answer + o >= 0 and answer + o != answer]
        seen: list[int] = []
        for c in cands:
            if c not in seen:
                seen.append(c)
        picks = rng.sample(seen, 3)
        return (question, str(answer), *(str(p) for p in picks))  # type: ignore[return-value]

    for _ in range(8):  # two-digit times one-digit multiplication
        a, b = rng.randint(12, 99), rng.randint(3, 9)
        out.append(numeric(f"What is {a} multiplied by {b}?", a * b, (-b, b, -10, 10, 1, -1, 2 * b)))
    for _ in range(6):  # three-digit addition
        a, b = rng.randint(100, 899), rng.randint(100, 899)
        out.append(numeric(f"What is {a} + {b}?", a + b, (-100, 100, -10, 10, 1, -1)))
    for _ in range(6):  # subtraction
        a, b = rng.randint(300, 999), rng.randint(100, 299)
        out.append(numeric(f"What is {a} - {b}?", a - b, (-100, 100, -10, 10, 1, -1)))
    for pct, base in ((10, 250), (20, 150), (50, 86), (25, 120), (5, 400), (75, 80)):
        out.append(numeric(f"What is {pct}% of {base}?", pct * base // 100, (-10, 10, -5, 5, 20, -20)))
    for _ in range(4):  # exact division
        b, q = rng.randint(3, 9), rng.randint(11, 40)
        out.append(numeric(f"What is {b * q} divided by {b}?", q, (-1, 1, -2, 2, 10, -10)))
    return out


def conversion_questions() -> list[Q]:
    """Unit conversions with exact, hand-checked factors."""
    items: list[Q] = []
    for h in (2, 3, 5):
        items.append((f"How many minutes are in {h} hours?", str(60 * h), str(60 * h + 20), str(100 * h), str(60 * h - 30)))
    for m in (3, 7):
        items.append((f"How many centimetres are in {m} metres?", str(100 * m), str(10 * m), f"{1000 * m:,}", str(100 * m + 50)))
    for kg in (2, 4):
        items.append((f"How many grams are in {kg} kilograms?", f"{1000 * kg:,}", str(100 * kg), f"{10000 * kg:,}", f"{1000 * kg + 500:,}"))
    for km in (3, 6):
        items.append((f"How many metres are in {km} kilometres?", f"{1000 * km:,}", str(100 * km), f"{10000 * km:,}", f"{1000 * km + 100:,}"))
    return items


# --------------------------------------------------------------------------- build + checks

def build() -> list[dict]:
    rng = random.Random(SEED)
    general: list[Q] = (GEN_SCIENCE + GEN_GEOGRAPHY + GEN_HISTORY + GEN_MATH_REASONING + GEN_UNITS
                        + capital_questions() + arithmetic_questions(rng) + conversion_questions())
    rows: list[dict] = []
    for topic, items in (("singapore", SINGAPORE), ("general", general)):
        # Balanced answer positions for this topic, shuffled with the seeded RNG.
        positions = [i % 4 for i in range(len(items))]
        rng.shuffle(positions)
        for (question, answer, *distractors), pos in zip(items, positions):
            assert len(distractors) == 3, question
            wrong = list(distractors)
            rng.shuffle(wrong)
            choices = wrong[:pos] + [answer] + wrong[pos:]
            rows.append({"question": question, "choices": choices, "answer": pos, "topic": topic})
    for i, row in enumerate(rows, start=1):
        row_id = f"sgk-{i:04d}"
        rows[i - 1] = {"id": row_id, **row}
    return rows


def check(rows: list[dict]) -> None:
    topics = Counter(r["topic"] for r in rows)
    assert len(rows) >= MIN_TOTAL, len(rows)
    assert topics["singapore"] >= MIN_PER_TOPIC, topics
    assert topics["general"] >= MIN_PER_TOPIC, topics
    assert set(topics) == {"singapore", "general"}, topics
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids), "duplicate ids"
    norm = [" ".join(r["question"].lower().split()) for r in rows]
    dupes = [q for q, n in Counter(norm).items() if n > 1]
    assert not dupes, f"duplicate questions: {dupes}"
    for r in rows:
        assert set(r) == {"id", "question", "choices", "answer", "topic"}, r
        assert isinstance(r["question"], str) and r["question"].strip(), r
        ch = r["choices"]
        assert isinstance(ch, list) and len(ch) == 4, r
        assert all(isinstance(c, str) and c.strip() and c == c.strip() for c in ch), r
        assert len({c.lower() for c in ch}) == 4, f"choices not distinct: {r}"
        assert isinstance(r["answer"], int) and 0 <= r["answer"] <= 3, r
    for scope, subset in (("all", rows), *((t, [r for r in rows if r["topic"] == t]) for t in topics)):
        pos = Counter(r["answer"] for r in subset)
        expected = len(subset) / 4
        for p in range(4):
            assert abs(pos[p] - expected) <= 0.10 * expected, f"{scope}: position {p} has {pos[p]}, expected ~{expected:.1f}"


def interleave(rows: list[dict]) -> list[dict]:
    """Singapore and general questions alternate in the file, so the first N (lm-eval's ``limit``) cover both."""
    sg = [r for r in rows if r["topic"] == "singapore"]
    gen = [r for r in rows if r["topic"] == "general"]
    out = []
    for i in range(max(len(sg), len(gen))):
        out += [x[i] for x in (sg, gen) if i < len(x)]
    return out


def main() -> None:
    rows = build()
    check(rows)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in interleave(rows):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    topics = Counter(r["topic"] for r in rows)
    print(f"wrote {len(rows)} questions to {OUT}")
    print("per topic:", ", ".join(f"{t}={topics[t]}" for t in ("singapore", "general")))
    pos = Counter(r["answer"] for r in rows)
    print("per answer position (all):", ", ".join(f"{p}={pos[p]}" for p in range(4)))
    for t in ("singapore", "general"):
        tp = Counter(r["answer"] for r in rows if r["topic"] == t)
        print(f"per answer position ({t}):", ", ".join(f"{p}={tp[p]}" for p in range(4)))


if __name__ == "__main__":
    main()
