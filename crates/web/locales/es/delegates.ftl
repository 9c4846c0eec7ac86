error-not-accredited = Esta persona no tiene credencial aceptada para esta asamblea.
