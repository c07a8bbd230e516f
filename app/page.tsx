export default function Page() {
  return <main>Switchboard</main>;
}
