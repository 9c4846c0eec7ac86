app-name = Asamblea
nav-home = Home
nav-record = Public record
nav-organizations = Organizations
nav-vote = Vote with a code
assembly-nav = In this assembly
assembly-nav-session = Current session
assembly-nav-delegates = Delegates
assembly-nav-elections = Elections
assembly-nav-presence = Presence and quorum
assembly-nav-door = Door (check-in)
assembly-nav-projector = Projector
assembly-nav-plan = Seat plan
nav-accounts = Accounts
nav-login = Log in
nav-logout = Log out
nav-language = Language
footer-record-note = Every act goes on a public, hash-chained record that anyone can verify.

home-title = The assembly of the popular organizations
home-intro = Base organizations elect their delegates, who answer to them and can be recalled. Here you see the seats, the sessions and the record of everything done.
home-assemblies = Assemblies
home-no-assemblies = There are no assemblies yet.

seats-title = Seats
seats-count = { $count ->
    [one] { $count } seat
   *[other] { $count } seats
}
seats-total = { $count } seats, split by sector and then by organization ({ $method } method).
seats-by-sector = Seats by sector
seats-by-organization = Seats by organization
seats-sector = Sector
seats-seats = Seats
seats-organization = Organization
seats-members = Members
seats-total-label = Total
seats-illustrative = Membership figures and the split within each sector are illustrative; the composition by sector follows the historical sources.
sector-labour = Labour
sector-middle = Middle class, professionals and students
sector-peasants = Peasants
sector-parties = Political parties
method-dhondt = D'Hondt
method-sainte-lague = Sainte-Laguë
method-modified-sainte-lague = modified Sainte-Laguë
method-hare = largest remainder (Hare)
method-droop = largest remainder (Droop)
method-huntington-hill = Huntington-Hill
method-adams = Adams

record-title = Public record
record-intro = Every change is an act, chained to the one before by its SHA-256 hash. Anyone can export it and check it with "asamblea record verify".
record-head = Latest act: no. { $position }, hash
record-older = Earlier acts

setup-title = First set-up
setup-intro = This link works once: create the administrator account of this instance.
setup-submit = Create the administrator account

login-title = Log in
login-card-title = With the code on your credential card
login-card-help = The code is printed on your delegate card. No e-mail is needed.
login-password-title = With username and password
login-card-pickup = No code, or lost it? Collect your card on this phone
login-submit = Log in

field-username = Username
field-display-name = Name
field-password = Password
field-password-again = Password again
field-card-code = Card code
field-role = Role

role-admin = Administrator
role-secretary = Organization secretary
role-delegate = Delegate

account-title = My account
account-set-password = Choose a password
account-change-password = Change the password
account-no-password-yet = You logged in with your card. You may choose a password to log in without it too.
account-save-password = Save the password
account-password-saved = Password saved.

accounts-title = Accounts
accounts-new = New account
accounts-create = Create and issue a card
accounts-list = All accounts
accounts-new-card = New card

card-title = Credential card
card-code-label = Login code:
card-how = Log in under "Log in" with this code, or scan the QR code. Keep it like a key: whoever has it can act in your name.
card-print-once = This code is shown only once. Print the card now.

error-title = Could not complete
error-not-found = We could not find what you are looking for.
error-forbidden = You are not allowed to do this.
error-login-required = Please log in first.
error-login-failed = Wrong username or password.
error-card-code = That card code is not valid.
error-throttled = Too many failed attempts. Wait a few minutes and try again.
error-setup-link-used = This set-up link is no longer valid.
error-username-format = The username must be 3 to 40 letters, digits, dots or dashes, with no spaces.
error-username-taken = That username exists already.
error-display-name = Write a name (up to 120 characters).
error-password-short = The password must have at least 10 characters.
error-password-mismatch = The two passwords do not match.
error-csrf = The form expired or did not come from this page. Reload the page and try again.
error-internal = Something failed on the server. Nothing confirmed was lost; try again.
error-unavailable = The server cannot reach its database right now. You are still logged in; try again in a moment.
error-invalid = Check the form's data.
error-input-field = The value of “{ $field }” is not valid. Check the form.
error-input-form-type = The form did not arrive as a web form. Go back to the page and try again.
error-input-json-type = The body must be JSON (Content-Type: application/json).
error-input-json = The body is not valid JSON (line { $line }, byte { $byte }).
error-input-too-large = What was sent is too large (at most 1 MB here).
error-input-unreadable = What was sent could not be read.
error-input-not-utf8 = The file is not UTF-8: line { $line }, byte { $byte }. Save it as UTF-8 and send it again.

## Credential cards collected on one's own phone; the badge at the door; logging out everywhere
field-badge = Badge number
card-badge-label = Badge number (for the door):
card-collect-how = This number does not log you in. You collect your login code yourself on your own phone at /card: show the number your phone gives you to the credentials commission, who approves it; nobody else sees your code.
card-pickup-number = Pickup number
card-replaced-done = Card replaced: the old one no longer works and all its logins ended. Its owner's phone can collect the new code.
card-pickup-title = Collect my card
card-pickup-help = To get a new login code (a first card, or a lost one): ask for a pickup on this phone and show the number to the credentials commission (or an administrator), with a document that says who you are.
card-pickup-start = Ask for a pickup
card-pickup-show = Show this number to the credentials commission. Once they have approved it, press "Collect".
card-pickup-collect = Collect
card-pickup-collected = Your new login code. It is shown only once and only on this phone: write it down and keep it like a key. You are logged in on this phone.
card-pickup-keep = The old code no longer works.
card-pickup-unknown = There is no pickup with this number.
card-pickup-used = This pickup has been used already.
card-pickup-waiting = Your pickup has not been approved yet.
card-pickup-expired = This pickup has expired: ask for a new one.
account-card-replaced = Your card was replaced on { $at }. If you did not ask for it, tell the credentials commission.
account-sessions = Sessions
account-sessions-help = Lost a phone you were logged in on? End every login of your account, this one too.
account-logout-everywhere = Log out everywhere
act-account-card-replaced = Card replaced
error-record-range = The size or position asks for a tree larger than the record.

# hall2: times in an assembly's own zone (crates/web/src/local_time.rs)
time-month-1 = January
time-month-2 = February
time-month-3 = March
time-month-4 = April
time-month-5 = May
time-month-6 = June
time-month-7 = July
time-month-8 = August
time-month-9 = September
time-month-10 = October
time-month-11 = November
time-month-12 = December
time-date-time = { $day } { $month } { $year }, { $time }
time-minutes-left = { $minutes ->
    [0] under 1 min
   *[other] { $minutes } min
}
## Cast receipts
error-cast-key = The ballot's sending key is not valid: 16 to 128 letters, digits, "-" or "_".
