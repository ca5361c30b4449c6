/* A stand-in for miiserver.exe and AzureADConnect.exe: only its version resource
 * (fake_engine.rc) matters to the tests. */
int main(void) {
	return 0;
}
